/// The page numbers a list page links to, as Hugo's and Zola's paginators show them: the
/// first and the last page, a window around the current one, and a gap for each run of
/// pages left out. The list stays short however many pages there are.
enum Pagination {
    /// One place in the row of page numbers.
    enum Item: Sendable, Equatable {
        case page(Int)
        /// Pages left out here: always two or more (a single page is shown instead).
        case gap
    }

    /// Pages either side of the current one.
    static let radius = 2

    /// The row for page `current` of `total`: `1 … 58 59 60 61 62 … 120`.
    static func items(current: Int, total: Int, radius: Int = radius) -> [Item] {
        guard total > 1 else { return [.page(1)] }
        let current = min(max(current, 1), total)
        let window = (current - max(0, radius))...(current + max(0, radius))
        let shown = [1] + window.filter { $0 > 1 && $0 < total } + [total]
        var items: [Item] = []
        var previous = 0
        for number in shown {
            switch number - previous {
            case 1: break
            case 2: items.append(.page(previous + 1))  // a gap of one page: the page itself is as short
            default: items.append(.gap)
            }
            items.append(.page(number))
            previous = number
        }
        return items
    }
}

extension ListPage {
    /// This page's row of page numbers (see `Pagination`).
    var numbers: [Pagination.Item] { Pagination.items(current: number, total: total) }
}
