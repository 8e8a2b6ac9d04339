namespace SendImprovement.Core.Measures;

/// <summary>A measure most SEND partnerships report, with its definition written out, for a new partnership to adopt and edit.</summary>
public sealed record StarterMeasure(
    string Key,
    string Name,
    string Theme,
    string Definition,
    string? Numerator,
    string? Denominator,
    MeasureUnit Unit,
    MeasureDirection Direction,
    PeriodType Frequency,
    string Source,
    DefinitionStatus Status = DefinitionStatus.Agreed)
{
    public Measure ToMeasure(int partnershipId, DateTime nowUtc) => new()
    {
        PartnershipId = partnershipId,
        Name = Name,
        Code = Key,
        StarterKey = Key,
        Theme = Theme,
        Definition = Definition,
        Numerator = Numerator,
        Denominator = Denominator,
        Unit = Unit,
        Direction = Direction,
        Frequency = Frequency,
        Source = Source,
        DefinitionStatus = Status,
        CreatedAtUtc = nowUtc,
    };
}

/// <summary>The starter set: the statutory timescales, prevalence, inclusion, health, preparing for adulthood and voice.</summary>
public static class StarterMeasures
{
    private const string Timeliness = "Timeliness of EHC needs assessments and reviews";
    private const string Inclusion = "Inclusion and belonging";
    private const string Health = "Health";
    private const string Adulthood = "Preparing for adulthood";
    private const string Voice = "Voice and co-production";
    private const string CaseSystem = "Council EHC case management system (monthly); DfE SEN2 return (annual)";

    public static IReadOnlyList<StarterMeasure> All { get; } =
    [
        new("ehcp-20-weeks-incl", "New EHC plans issued within 20 weeks (including exceptions)", Timeliness,
            "Of the new education, health and care plans issued in the period, the percentage issued within 20 weeks of the request for an EHC needs assessment, counting every plan, including those where one of the exceptions to the time limit in the SEND Regulations 2014 applied.",
            "New EHC plans issued within 20 weeks of the request, including exception cases", "All new EHC plans issued in the period, including exception cases",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("ehcp-20-weeks-excl", "New EHC plans issued within 20 weeks (excluding exceptions)", Timeliness,
            "Of the new education, health and care plans issued in the period, the percentage issued within 20 weeks of the request for an EHC needs assessment, leaving out plans where one of the exceptions to the time limit in the SEND Regulations 2014 applied (such as a child's long absence or a setting closed for holidays).",
            "New EHC plans issued within 20 weeks, excluding exception cases", "New EHC plans issued in the period, excluding exception cases",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("decision-to-assess-6-weeks", "Decisions whether to assess made within 6 weeks", Timeliness,
            "Of the requests for an EHC needs assessment decided in the period, the percentage where the council told the family whether it would assess within 6 weeks of receiving the request.",
            "Decisions (to assess or not) notified within 6 weeks of the request", "All decisions whether to assess notified in the period",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("annual-reviews-12-months", "Annual reviews held within 12 months", Timeliness,
            "Of the EHC plans due an annual review in the period, the percentage whose review meeting was held within 12 months of the plan being issued or last reviewed.",
            "Plans due a review whose meeting was held within 12 months", "Plans due an annual review in the period",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("review-decisions-4-weeks", "Annual review decisions within 4 weeks of the meeting", Timeliness,
            "Of the annual review meetings held in the period, the percentage where the council told the family within 4 weeks of the meeting whether it would keep, amend or cease the plan.",
            "Review decisions notified within 4 weeks of the meeting", "Annual review meetings held in the period",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("amended-plans-12-weeks", "Amended plans finalised within 12 weeks of the review meeting", Timeliness,
            "Of the amended EHC plans finalised in the period, the percentage finalised within 12 weeks of the annual review meeting that led to the amendment.",
            "Amended plans finalised within 12 weeks of the review meeting", "Amended plans finalised in the period",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, CaseSystem),
        new("ehcps-per-10000", "EHC plans per 10,000 of the population aged 0 to 25", Timeliness,
            "The number of EHC plans the council maintains on the census date, per 10,000 children and young people aged 0 to 25 living in the area (ONS mid-year estimates). Neither higher nor lower is better in itself: set the band the partnership expects, informed by England and statistical neighbours.",
            "EHC plans maintained on the census date", "Population aged 0 to 25 (ONS mid-year estimate), divided by 10,000",
            MeasureUnit.RatePer10000, MeasureDirection.WithinBand, PeriodType.CalendarYear, "DfE SEN2 return and ONS population estimates"),
        new("tribunal-appeal-rate", "SEND Tribunal appeal rate", Timeliness,
            "Appeals to the First-tier Tribunal (SEND) registered in the year, as a percentage of the appealable decisions the council made (decisions not to assess, not to issue a plan, and plans issued or amended).",
            "SEND Tribunal appeals registered", "Appealable decisions made by the council",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.CalendarYear, "Ministry of Justice tribunal statistics; DfE SEN2 return"),
        new("suspensions-ehcp", "Suspension rate for pupils with an EHC plan", Inclusion,
            "Suspensions (formerly fixed-term exclusions) of pupils with an EHC plan in the academic year, per 100 such pupils: the DfE's suspension rate.",
            "Suspensions of pupils with an EHC plan", "Pupils with an EHC plan on roll, divided by 100",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.AcademicYear, "DfE suspensions and permanent exclusions statistics; termly local data from schools"),
        new("suspensions-sen-support", "Suspension rate for pupils with SEN support", Inclusion,
            "Suspensions of pupils receiving SEN support in the academic year, per 100 such pupils: the DfE's suspension rate.",
            "Suspensions of pupils with SEN support", "Pupils with SEN support on roll, divided by 100",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.AcademicYear, "DfE suspensions and permanent exclusions statistics; termly local data from schools"),
        new("exclusions-ehcp", "Permanent exclusion rate for pupils with an EHC plan", Inclusion,
            "Permanent exclusions of pupils with an EHC plan in the academic year, per 100 such pupils.",
            "Permanent exclusions of pupils with an EHC plan", "Pupils with an EHC plan on roll, divided by 100",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.AcademicYear, "DfE suspensions and permanent exclusions statistics"),
        new("exclusions-sen-support", "Permanent exclusion rate for pupils with SEN support", Inclusion,
            "Permanent exclusions of pupils receiving SEN support in the academic year, per 100 such pupils.",
            "Permanent exclusions of pupils with SEN support", "Pupils with SEN support on roll, divided by 100",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.AcademicYear, "DfE suspensions and permanent exclusions statistics"),
        new("ld-health-checks-14-25", "Learning disability annual health checks, aged 14 to 25", Health,
            "Of the young people aged 14 to 25 on GP learning disability registers in the area, the percentage who had an annual health check in the 12 months to the end of the period.",
            "People aged 14 to 25 on the learning disability register who had a health check in the last 12 months", "People aged 14 to 25 on the learning disability register",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Quarter, "NHS England learning disability health check data (ICB)"),
        new("camhs-routine-18-weeks", "CAMHS routine assessments within 18 weeks", Health,
            "Of the children and young people referred routinely to child and adolescent mental health services who had a first assessment in the period, the percentage assessed within 18 weeks of referral.",
            "Routine first assessments within 18 weeks of referral", "Routine first assessments in the period",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.Month, "NHS provider returns to the ICB"),
        new("neet-send-16-25", "Young people aged 16 to 25 with SEND not in education, employment or training", Adulthood,
            "Of the young people aged 16 to 25 with an EHC plan known to the council, the percentage not in education, employment or training (NEET) at the end of the period.",
            "Young people aged 16 to 25 with an EHC plan who are NEET", "Young people aged 16 to 25 with an EHC plan known to the council",
            MeasureUnit.Percentage, MeasureDirection.LowerIsBetter, PeriodType.Month, "Council tracking of young people's activity (NCCIS return)"),
        new("parent-carer-satisfaction", "Parent carer satisfaction", Voice,
            "The percentage of parent carers answering the annual SEND survey, run with the parent carer forum, who agree that their child's needs are being met. The wording of the question is still to be agreed with the forum.",
            "Respondents who agree their child's needs are being met", "All respondents who answered the question",
            MeasureUnit.Percentage, MeasureDirection.HigherIsBetter, PeriodType.AcademicYear, "Annual parent carer survey with the parent carer forum", DefinitionStatus.Draft),
        new("send-pledge-settings", "Settings signed up to the SEND pledge", Voice,
            "The number of schools, colleges, early years settings and services that have signed the area's SEND pledge by the end of the period.",
            null, null,
            MeasureUnit.Count, MeasureDirection.HigherIsBetter, PeriodType.Quarter, "SEND pledge register kept by the SEND team"),
        new("part-time-timetables", "Pupils with SEND on part-time timetables", Inclusion,
            "The number of pupils with SEN support or an EHC plan on a part-time timetable at the end of the term. How schools report this is still to be defined.",
            null, null,
            MeasureUnit.Count, MeasureDirection.LowerIsBetter, PeriodType.SchoolTerm, "Returns from schools to the council's inclusion team", DefinitionStatus.ToBeDefined),
    ];
}
