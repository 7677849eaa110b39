extension Int {
    /// "1 story", "12 stories": every count hush says to a person, in pages or messages.
    package func counted(_ one: String, _ many: String) -> String {
        "\(self) \(self == 1 ? one : many)"
    }
}
