internal import Foundation
internal import HushCore

extension StringTable {
    /// How a reader sees each of `days` at `precision`, in the site's language: the day (or
    /// the month) written by Foundation's date formatting for the table's locale (CLDR's
    /// patterns, through the ICU that ships with the toolchain, so no month name is written by
    /// hand), put into the table's `date_day`, `date_week` or `date_month` phrase
    /// ("Week of {date}", "semaine du {date}", "{date}の週").
    ///
    /// Deterministic: a fixed Gregorian calendar at UTC midnight and a fixed template, never
    /// the machine's locale, zone or clock. One formatter for all the days, made here.
    func dates(for days: Set<Day>, precision: DatePrecision) -> [Day: String] {
        var calendar = Calendar(identifier: .gregorian)
        let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        calendar.timeZone = utc
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: dateLocale)
        formatter.calendar = calendar
        formatter.timeZone = utc
        // Skeletons, not patterns: the locale orders them ("2 nov. 2026", "2026年11月2日").
        formatter.setLocalizedDateFormatFromTemplate(precision == .month ? "MMMMy" : "dMMMy")
        let phrase: Key =
            switch precision {
            case .day: .dateDay
            case .week: .dateWeek
            case .month: .dateMonth
            }
        var texts: [Day: String] = [:]
        for day in days {
            let components = DateComponents(year: day.year, month: day.month, day: day.day)
            let written = calendar.date(from: components).map { formatter.string(from: $0) } ?? day.description
            texts[day] = text(phrase, ["date": written])
        }
        return texts
    }
}
