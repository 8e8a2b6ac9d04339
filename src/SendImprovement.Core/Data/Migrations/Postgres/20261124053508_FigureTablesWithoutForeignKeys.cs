using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SendImprovement.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FigureTablesWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ComparatorValues_Partnerships_PartnershipId",
                table: "ComparatorValues");

            migrationBuilder.DropForeignKey(
                name: "FK_MeasureObservations_Areas_AreaId",
                table: "MeasureObservations");

            migrationBuilder.DropForeignKey(
                name: "FK_MeasureObservations_Measures_MeasureId",
                table: "MeasureObservations");

            migrationBuilder.DropIndex(
                name: "IX_MeasureObservations_AreaId",
                table: "MeasureObservations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_MeasureObservations_AreaId",
                table: "MeasureObservations",
                column: "AreaId");

            migrationBuilder.AddForeignKey(
                name: "FK_ComparatorValues_Partnerships_PartnershipId",
                table: "ComparatorValues",
                column: "PartnershipId",
                principalTable: "Partnerships",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_MeasureObservations_Areas_AreaId",
                table: "MeasureObservations",
                column: "AreaId",
                principalTable: "Areas",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_MeasureObservations_Measures_MeasureId",
                table: "MeasureObservations",
                column: "MeasureId",
                principalTable: "Measures",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
