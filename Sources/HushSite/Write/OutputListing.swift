internal import HushCore

/// What a commit left in the output: every folder with its stamp, and every file's path
/// (docs/architecture.md, "The build cache"). Kept in the build cache, it spares the next
/// rebuild the listing of every folder: a folder's stamp (`FileStamp.ofFolder`) holds its
/// change time, which adding, removing or renaming an entry moves on and nothing can set
/// back, so a folder whose stamp is still the recorded one has the recorded entries, and
/// only the folders whose stamp changed are listed. Files put there by something else are
/// found that way: they changed their folder's stamp.
///
/// Each stamp is taken when its folder's entries were known (listed, or known from an
/// earlier listing, before the commit; after the commit for a folder the commit changed),
/// so a stamp is never newer than the entries it stands for: a change in between only
/// makes the next build list the folder.
struct OutputListing: Sendable, Equatable {
    /// Every folder of the output ("" is the output itself) and its stamp; a folder that could
    /// not be stamped is left out, and so is listed next time.
    var folders: [String: FileStamp] = [:]
    /// Every file of the output, as paths inside it.
    var files: [String] = []

    /// A name in a folder.
    struct Entry: Sendable {
        var name: String
        var isFolder: Bool
    }

    /// The entries of each folder, sorted by name, when the listing says what it holds.
    func entries() -> [String: [Entry]] {
        var entries: [String: [Entry]] = [:]
        entries.reserveCapacity(folders.count)
        for path in files {
            let (folder, name) = Self.split(path)
            entries[folder, default: []].append(Entry(name: name, isFolder: false))
        }
        for path in folders.keys where !path.isEmpty {
            let (folder, name) = Self.split(path)
            entries[folder, default: []].append(Entry(name: name, isFolder: true))
        }
        for folder in entries.keys { entries[folder]?.sort { $0.name < $1.name } }
        return entries
    }

    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return ("", path) }
        return (String(path[..<slash]), String(path[path.utf8.index(after: slash)...]))
    }
}
