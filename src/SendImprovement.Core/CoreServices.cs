using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Data;
using SendImprovement.Core.Demo;
using SendImprovement.Core.Imports;
using SendImprovement.Core.Measures;
using SendImprovement.Core.Partnerships;
using SendImprovement.Core.Periods;
using SendImprovement.Core.Plans;
using SendImprovement.Core.Reports;
using SendImprovement.Core.Users;

namespace SendImprovement.Core;

/// <summary>Registers the database and the Core services, identically for the web app and the command line.</summary>
public static class CoreServices
{
    public static IServiceCollection AddSendImprovementCore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        var connectionString = options.EffectiveConnectionString;

        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<AppDbContext, PostgresAppDbContext>(db => db.UseNpgsql(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        }
        else
        {
            services.AddDbContext<AppDbContext, SqliteAppDbContext>(db => db.UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<DatabaseInitialiser>();
        services.AddScoped<PlanAccess>();
        services.AddScoped<PlanService>();
        services.AddScoped<ItemUpdateService>();
        services.AddScoped<PeopleService>();
        services.AddScoped<PartnershipService>();
        services.AddScoped<UserService>();
        services.AddScoped<ExternalSignInService>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<SnapshotBuilder>();
        services.AddScoped<PeriodService>();
        services.AddScoped<UpdateRoundService>();
        services.AddScoped<ReportService>();
        services.AddSingleton(configuration.GetSection(ImportLimits.Section).Get<ImportLimits>() ?? ImportLimits.Default);
        services.AddScoped<ImportService>();
        services.AddScoped<PlanExport>();
        services.AddSingleton(configuration.GetSection(ReportOptions.Section).Get<ReportOptions>() ?? new ReportOptions());
        services.AddSingleton<PdfReport>();
        services.AddSingleton(configuration.GetSection(MeasureLoadLimits.Section).Get<MeasureLoadLimits>() ?? MeasureLoadLimits.Default);
        services.AddScoped<MeasureService>();
        services.AddScoped<MeasureFigures>();
        services.AddScoped<MeasureLoadService>();
        services.AddScoped<DemoPartnership>();
        return services;
    }
}
