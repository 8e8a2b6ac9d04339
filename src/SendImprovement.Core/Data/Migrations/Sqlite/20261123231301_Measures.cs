using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SendImprovement.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Measures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RegionCode",
                table: "Partnerships",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegionName",
                table: "Partnerships",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CouncilCode",
                table: "Areas",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ComparatorValues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnershipId = table.Column<int>(type: "INTEGER", nullable: false),
                    Series = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PeriodType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", nullable: true),
                    Symbol = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LoadId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplacedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComparatorValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComparatorValues_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureLoads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnershipId = table.Column<int>(type: "INTEGER", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: false),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ChoicesJson = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UploadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LoadedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LoadedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RowsRead = table.Column<int>(type: "INTEGER", nullable: false),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Corrected = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    RowsSkipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureLoads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureLoads_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Measures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnershipId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Theme = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Definition = table.Column<string>(type: "TEXT", nullable: true),
                    Numerator = table.Column<string>(type: "TEXT", nullable: true),
                    Denominator = table.Column<string>(type: "TEXT", nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BandLow = table.Column<decimal>(type: "TEXT", nullable: true),
                    BandHigh = table.Column<decimal>(type: "TEXT", nullable: true),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OwnerId = table.Column<int>(type: "INTEGER", nullable: true),
                    DefinitionStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BaselineValue = table.Column<decimal>(type: "TEXT", nullable: true),
                    BaselinePeriodType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    BaselinePeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    BaselineNote = table.Column<string>(type: "TEXT", nullable: true),
                    TargetKind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TargetValue = table.Column<decimal>(type: "TEXT", nullable: true),
                    TargetBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TargetRelativeChangePercent = table.Column<decimal>(type: "TEXT", nullable: true),
                    ComparatorSeries = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    StarterKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Measures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Measures_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Measures_People_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StatisticalNeighbours",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnershipId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticalNeighbours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatisticalNeighbours_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureAreas",
                columns: table => new
                {
                    AreasId = table.Column<int>(type: "INTEGER", nullable: false),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureAreas", x => new { x.AreasId, x.MeasureId });
                    table.ForeignKey(
                        name: "FK_MeasureAreas_Areas_AreasId",
                        column: x => x.AreasId,
                        principalTable: "Areas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MeasureAreas_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeasureCommentaries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    PeriodType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Assessment = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    WrittenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WrittenByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReplacedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureCommentaries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureCommentaries_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    PlanItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    LinkedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LinkedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureLinks_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeasureLinks_PlanItems_PlanItemId",
                        column: x => x.PlanItemId,
                        principalTable: "PlanItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureObservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaId = table.Column<int>(type: "INTEGER", nullable: true),
                    PeriodType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", nullable: true),
                    Symbol = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LoadId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplacedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureObservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureObservations_Areas_AreaId",
                        column: x => x.AreaId,
                        principalTable: "Areas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeasureObservations_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeasureTrajectorySteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    By = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeasureTrajectorySteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeasureTrajectorySteps_Measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "Measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComparatorValues_PartnershipId_Series_Code_PeriodType_PeriodStart",
                table: "ComparatorValues",
                columns: new[] { "PartnershipId", "Series", "Code", "PeriodType", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureAreas_MeasureId",
                table: "MeasureAreas",
                column: "MeasureId");

            migrationBuilder.CreateIndex(
                name: "IX_MeasureCommentaries_MeasureId_PeriodType_PeriodStart",
                table: "MeasureCommentaries",
                columns: new[] { "MeasureId", "PeriodType", "PeriodStart" });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureLinks_MeasureId_PlanItemId",
                table: "MeasureLinks",
                columns: new[] { "MeasureId", "PlanItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeasureLinks_PlanItemId",
                table: "MeasureLinks",
                column: "PlanItemId");

            migrationBuilder.CreateIndex(
                name: "IX_MeasureLoads_PartnershipId_UploadedAtUtc",
                table: "MeasureLoads",
                columns: new[] { "PartnershipId", "UploadedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MeasureObservations_AreaId",
                table: "MeasureObservations",
                column: "AreaId");

            migrationBuilder.CreateIndex(
                name: "IX_MeasureObservations_MeasureId_PeriodType_PeriodStart_AreaId",
                table: "MeasureObservations",
                columns: new[] { "MeasureId", "PeriodType", "PeriodStart", "AreaId" });

            migrationBuilder.CreateIndex(
                name: "IX_Measures_OwnerId",
                table: "Measures",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Measures_PartnershipId_Code",
                table: "Measures",
                columns: new[] { "PartnershipId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeasureTrajectorySteps_MeasureId",
                table: "MeasureTrajectorySteps",
                column: "MeasureId");

            migrationBuilder.CreateIndex(
                name: "IX_StatisticalNeighbours_PartnershipId_Code",
                table: "StatisticalNeighbours",
                columns: new[] { "PartnershipId", "Code" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComparatorValues");

            migrationBuilder.DropTable(
                name: "MeasureAreas");

            migrationBuilder.DropTable(
                name: "MeasureCommentaries");

            migrationBuilder.DropTable(
                name: "MeasureLinks");

            migrationBuilder.DropTable(
                name: "MeasureLoads");

            migrationBuilder.DropTable(
                name: "MeasureObservations");

            migrationBuilder.DropTable(
                name: "MeasureTrajectorySteps");

            migrationBuilder.DropTable(
                name: "StatisticalNeighbours");

            migrationBuilder.DropTable(
                name: "Measures");

            migrationBuilder.DropColumn(
                name: "RegionCode",
                table: "Partnerships");

            migrationBuilder.DropColumn(
                name: "RegionName",
                table: "Partnerships");

            migrationBuilder.DropColumn(
                name: "CouncilCode",
                table: "Areas");
        }
    }
}
