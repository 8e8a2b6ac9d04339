using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SendImprovement.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FigureCodesCompareByteByByte : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
