/// hush's version: `hush --version`, and part of every build-cache key.
public enum HushVersion {
    public static let current = "0.5.0"
}
