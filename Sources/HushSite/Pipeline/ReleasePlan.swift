internal import Crypto
internal import HushCore

/// Batched release (`release:` in hush.yml; docs/moderation.md, "Batched release"): which of
/// the stories that are due a build publishes, and the date each shows.
///
/// A story is due at the first batch boundary after its own day (the start of the next day,
/// Monday or first of the month). A boundary releases every story waiting at it once at least
/// `min` are; fewer wait for a later boundary and join its batch (at most `max_wait`
/// boundaries, when that is set). Every story of a batch shows the batch's day at the site's
/// date precision, and `order` ranks stories within a batch by a keyed hash of their ids, so
/// neither the date nor the order on the site tells when a story was written or approved.
/// Like a scheduled story's, a waiting story is simply held out of this build.
struct ReleasePlan: Sendable, Equatable {
    /// The shown day of each released story, by its file.
    var released: [String: Day] = [:]
    /// The stories whose day is past but whose batch is not released yet.
    var waiting: Set<String> = []

    /// One story as the plan sees it: its file and its own day (before rounding).
    struct Candidate: Sendable {
        var path: String
        var day: Day
    }

    static func plan(_ candidates: [Candidate], policy: ReleasePolicy, buildDate: Day, precision: DatePrecision) -> ReleasePlan {
        var plan = ReleasePlan()
        var arrivals: [Day: [String]] = [:]
        for candidate in candidates {
            let due = nextBoundary(after: candidate.day, every: policy.every)
            if due <= buildDate {
                arrivals[due, default: []].append(candidate.path)
            } else {
                plan.waiting.insert(candidate.path)
            }
        }
        var pending: [String] = []
        var pendingSince: Day?
        func release(at boundary: Day) {
            let shown = boundary.rounded(to: precision)
            for path in pending { plan.released[path] = shown }
            pending = []
            pendingSince = nil
        }
        /// The boundary at which the oldest waiting story has waited `max_wait` boundaries.
        func capBoundary() -> Day? {
            guard let since = pendingSince, let maxWait = policy.maxWait else { return nil }
            return advance(since, by: maxWait, every: policy.every)
        }
        for boundary in arrivals.keys.sorted() {
            if let cap = capBoundary(), cap < boundary { release(at: cap) }
            pending += arrivals[boundary] ?? []
            if pendingSince == nil { pendingSince = boundary }
            if pending.count >= policy.min || capBoundary().map({ $0 <= boundary }) == true { release(at: boundary) }
        }
        if let cap = capBoundary(), cap <= buildDate { release(at: cap) }
        plan.waiting.formUnion(pending)
        return plan
    }

    /// The first boundary strictly after `day`: the next day, the next Monday, the first of the next month.
    static func nextBoundary(after day: Day, every period: DatePrecision) -> Day {
        advance(day.rounded(to: period), by: 1, every: period)
    }

    /// `count` periods after the boundary `day`.
    static func advance(_ day: Day, by count: Int, every period: DatePrecision) -> Day {
        switch period {
        case .day: return Day(daysSinceEpoch: day.daysSinceEpoch + count)
        case .week: return Day(daysSinceEpoch: day.daysSinceEpoch + 7 * count)
        case .month:
            let months = day.year * 12 + (day.month - 1) + count
            return Day(year: months / 12, month: months % 12 + 1, day: 1) ?? day
        }
    }

    /// The rank of a story within its batch: an HMAC-SHA256 of its id under the site's
    /// secret (an unkeyed hash without one), so the order is the same on every build and says
    /// nothing of the file's name, its place in content/ or when it was written.
    static func order(of id: String, secret: String?) -> [UInt8] {
        let message = Array("hush release order\u{0}".utf8) + Array(id.utf8)
        guard let secret else { return Array(SHA256.hash(data: message)) }
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8))))
    }
}
