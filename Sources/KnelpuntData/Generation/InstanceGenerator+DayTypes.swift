// SPDX-License-Identifier: GPL-3.0-or-later

extension InstanceGenerator {
    /// A day type of the base: a run of slices in file order with one month and one weight whose
    /// hours do not repeat (`datasets/nl`: a normal winter-half day, a dunkelflaute day, …). Each
    /// slice stands for its hour on `days` days of the year.
    struct DayType: Hashable {
        var month: Int?
        /// The weight of its slices: days of the year of this type, h per hour of day.
        var days: Double
        /// Indices of its slices in the base's file order.
        var slices: [Int]
    }

    /// One generated slice: id, weight h, month, hour, and the base slices whose values it blends
    /// (share ≥ 0, summing to 1).
    struct Slot {
        var id: String
        var weight: Double
        var month: Int
        var hour: Int
        var sources: [(slice: Int, share: Double)]
    }

    /// The base's day types: a new type starts where the month or the weight changes or an hour
    /// repeats.
    static func dayTypes(_ slices: [Timeslice]) -> [DayType] {
        var types: [DayType] = []
        var hours: Set<Int?> = []
        for (index, slice) in slices.enumerated() {
            if let last = types.last, last.month == slice.month, last.days == slice.weightHours, !hours.contains(slice.hour) {
                types[types.count - 1].slices.append(index)
            } else {
                types.append(DayType(month: slice.month, days: slice.weightHours, slices: [index]))
                hours = []
            }
            hours.insert(slice.hour)
        }
        return types
    }

    /// The slice of `type` that stands for `hour`: the nearest hour of day (circular), then the
    /// first in file order; a slice without an hour matches every hour.
    static func slice(of type: DayType, hour: Int, in slices: [Timeslice]) -> Int {
        var best = type.slices[0]
        var bestDistance = Int.max
        for index in type.slices {
            let distance = slices[index].hour.map { circularDistance($0, hour, period: 24) } ?? 0
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }

    static func circularDistance(_ a: Int, _ b: Int, period: Int) -> Int {
        let d = abs(a - b) % period
        return min(d, period - d)
    }

    /// The day type of each day of a 365-day year (index into `types`).
    ///
    /// A calendar month goes to the day types with the nearest month (circular; on a tie the
    /// first type in file order sets the month). When several types share that month, the days
    /// of all calendar months that go to it form a pool: every type but the largest gets
    /// round(pool days · days_type / Σ days) days, and these runs, in file order, form one block
    /// centred on day 16 of the shared month (a dunkelflaute or a sunny spell lasts several days
    /// in a row); the largest type takes the other days.
    static func calendar(_ types: [DayType]) -> [Int] {
        guard !types.isEmpty else { return [] }
        var chosenMonth: [Int?] = []
        for month in 1...12 {
            var best: Int? = nil
            var bestDistance = Int.max
            for type in types {
                let distance = type.month.map { circularDistance($0, month, period: 12) } ?? 0
                if distance < bestDistance {
                    best = type.month
                    bestDistance = distance
                }
            }
            chosenMonth.append(best)
        }
        var days: [(month: Int, day: Int)] = []
        for (index, length) in daysInMonth.enumerated() { for day in 1...length { days.append((index + 1, day)) } }
        var result = [Int](repeating: 0, count: days.count)
        for pooledMonth in Set(chosenMonth.map { $0 ?? 0 }) {
            let pool = days.indices.filter { (chosenMonth[days[$0].month - 1] ?? 0) == pooledMonth }
            let members = types.indices.filter { (types[$0].month ?? 0) == pooledMonth }
            guard let main = members.max(by: { types[$0].days < types[$1].days || (types[$0].days == types[$1].days && $0 > $1) }) else { continue }
            for d in pool { result[d] = main }
            let total = members.reduce(0) { $0 + types[$1].days }
            var runs: [(type: Int, count: Int)] = []
            for member in members where member != main {
                let count = total > 0 ? Int((Double(pool.count) * types[member].days / total).rounded()) : 0
                if count > 0 { runs.append((member, count)) }
            }
            let blockLength = min(pool.count, runs.reduce(0) { $0 + $1.count })
            guard blockLength > 0 else { continue }
            let centre = pool.firstIndex { days[$0].month == pooledMonth && days[$0].day == 16 } ?? pool.count / 2
            var position = max(0, min(pool.count - blockLength, centre - blockLength / 2))
            for run in runs {
                for _ in 0..<run.count where position < pool.count {
                    result[pool[position]] = run.type
                    position += 1
                }
            }
        }
        return result
    }

    /// The generated slices of `resolution` with the base slices each one takes its values from.
    ///
    /// - 8,760: each day of the year takes its day type from ``calendar(_:)``, each hour the
    ///   type's slice of that hour.
    /// - 96: one day per meteorological season; each hour blends the day types of the season's
    ///   days, weighted by their number of days (the season's mean day).
    /// - 672: seven days per season shared among the season's day types in proportion to their
    ///   days, at least one day each (while there are at most seven types); a day of type t
    ///   weighs (days of t in the season) / (generated days of t) h per hour; the smaller types'
    ///   days sit in the middle of the week.
    static func slots(_ resolution: Resolution, base: [Timeslice]) -> [Slot] {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let types = dayTypes(base)
        guard !types.isEmpty else {
            return skeleton(resolution).map { Slot(id: $0.id, weight: $0.weight, month: $0.month, hour: $0.hour, sources: []) }
        }
        let calendar = calendar(types)
        var slots: [Slot] = []
        switch resolution {
        case .hourly:
            var dayOfYear = 0
            for (index, days) in daysInMonth.enumerated() {
                for _ in 0..<days {
                    let type = types[calendar[dayOfYear]]
                    dayOfYear += 1
                    let day = dayOfYear < 10 ? "00\(dayOfYear)" : dayOfYear < 100 ? "0\(dayOfYear)" : "\(dayOfYear)"
                    for hour in 0..<24 {
                        slots.append(
                            Slot(
                                id: "d\(day)-h\(two(hour))", weight: 1, month: index + 1, hour: hour,
                                sources: [(slice(of: type, hour: hour, in: base), 1)]))
                    }
                }
            }
        case .seasonalDays, .representativeWeeks:
            var monthStart = [0]
            for length in daysInMonth { monthStart.append(monthStart.last! + length) }
            for season in seasons {
                var count: [Int: Int] = [:]
                for month in season.months {
                    for d in monthStart[month - 1]..<monthStart[month] { count[calendar[d], default: 0] += 1 }
                }
                let present = count.keys.sorted()
                let seasonDays = Double(present.reduce(0) { $0 + count[$1]! })
                if resolution == .seasonalDays || present.count > 7 {
                    let daysPerSlot = resolution == .seasonalDays ? 1 : 7
                    for day in 1...daysPerSlot {
                        for hour in 0..<24 {
                            let sources = present.map { (slice(of: types[$0], hour: hour, in: base), Double(count[$0]!) / seasonDays) }
                            let id = daysPerSlot == 1 ? "\(season.label)-h\(two(hour))" : "\(season.label)-d\(day)-h\(two(hour))"
                            slots.append(
                                Slot(
                                    id: id, weight: Double(season.days) / Double(daysPerSlot), month: season.representativeMonth, hour: hour,
                                    sources: sources))
                        }
                    }
                    continue
                }
                let week = weekDays(present.map { (type: $0, days: count[$0]!) })
                for (offset, type) in week.enumerated() {
                    let generated = week.filter { $0 == type }.count
                    for hour in 0..<24 {
                        slots.append(
                            Slot(
                                id: "\(season.label)-d\(offset + 1)-h\(two(hour))", weight: Double(count[type]!) / Double(generated),
                                month: season.representativeMonth, hour: hour, sources: [(slice(of: types[type], hour: hour, in: base), 1)]))
                    }
                }
            }
        }
        return slots
    }

    /// The day type of each of the seven days of a representative week: the types with the most
    /// days get round(7 · share) days, every type at least one; the largest type fills the week
    /// around the others, which sit in the middle.
    static func weekDays(_ present: [(type: Int, days: Int)]) -> [Int] {
        let total = Double(present.reduce(0) { $0 + $1.days })
        let ordered = present.sorted { $0.days > $1.days || ($0.days == $1.days && $0.type < $1.type) }
        var counts = ordered.map { max(1, Int((7 * Double($0.days) / total).rounded())) }
        while counts.reduce(0, +) > 7, let index = counts.indices.max(by: { counts[$0] < counts[$1] }) { counts[index] -= 1 }
        while counts.reduce(0, +) < 7 { counts[0] += 1 }
        let minor = zip(ordered.dropFirst(), counts.dropFirst()).flatMap { [Int](repeating: $0.type, count: $1) }
        let before = (7 - minor.count) / 2
        return [Int](repeating: ordered[0].type, count: before) + minor
            + [Int](repeating: ordered[0].type, count: 7 - minor.count - before)
    }
}
