internal import HushCore

/// What static hosts need to answer a taken-down story's URLs with 410 Gone and the one
/// neutral page (`410.html`), whatever the reason (docs/deploy.md): Netlify's `_redirects`
/// and an nginx snippet, both under base_url's path. Written only when the site has
/// tombstones, and the same for the same tombstones.
enum HostRules {
    static let redirectsPath = "_redirects"
    static let nginxPath = "nginx-gone.conf"

    static func files(for site: Site) -> [OutputFile] {
        guard !site.gone.isEmpty else { return [] }
        return [
            OutputFile(path: redirectsPath, bytes: Array(redirects(site).utf8)),
            OutputFile(path: nginxPath, bytes: Array(nginx(site).utf8)),
        ]
    }

    /// `/s/<id>/* /410.html 410` for each story, and the folder's address without its slash.
    static func redirects(_ site: Site) -> String {
        let root = site.config.rootPath
        var text = "# Written by hush build: stories taken down (hush takedown) answer 410 Gone with one page.\n"
        for id in site.gone {
            let page = root + "s/" + id
            text += "\(page) \(root)\(Page.gonePath) 410\n"
            text += "\(page)/* \(root)\(Page.gonePath) 410\n"
        }
        return text
    }

    /// A `location` a story that answers 410 with the site's 410 page; included in the
    /// site's `server` block (docs/deploy.md). The file itself is not served.
    static func nginx(_ site: Site) -> String {
        let root = site.config.rootPath
        var text = """
            # Written by hush build: stories taken down (hush takedown) answer 410 Gone with one page.
            # Include it in the site's server block: include /var/www/hush/stories/nginx-gone*.conf;
            location = \(root)\(nginxPath) { return 404; }
            location = \(root)\(redirectsPath) { return 404; }

            """
        for id in site.gone {
            let page = root + "s/" + id
            text += "location = \(page) { error_page 410 \(root)\(Page.gonePath); return 410; }\n"
            text += "location ^~ \(page)/ { error_page 410 \(root)\(Page.gonePath); return 410; }\n"
        }
        return text
    }
}
