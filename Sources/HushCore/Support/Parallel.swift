internal import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores, results in input order, so output stays deterministic.
    package func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            nonisolated(unsafe) let slots = base
            // A few chunks per core: large enough to amortise scheduling, small enough to balance.
            let chunks = Swift.min(count, 64)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                for index in start..<end {
                    (slots + index).initialize(to: transform(self[index]))
                }
            }
            initialized = count
        }
    }
}
