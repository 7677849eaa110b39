// The lists the detectors consult: words that make "at" or a number ordinary prose, words
// that make it personal (calling, naming an id or a card, following an account), mail hosts
// and top-level domains, the networks' pages that are not profiles, and the numbering plans
// (IBAN lengths, card issuers; phone numbering plans are libphonenumber's). Data rather than
// rules, so they are kept in one place to review and extend.

extension PersonalDataScanner.ByteScan {
    // MARK: Words

    /// Words before "at" in ordinary sentences ("looked at google dot com", "me at …").
    static let wordsBeforeAt: Set<String> = [
        "a", "aimed", "all", "at", "am", "an", "and", "angry", "anyone", "are", "arrive", "arrived", "ate", "available", "back",
        "bad", "be", "been", "being", "best", "better", "born", "but", "buy", "bought", "come", "came", "did", "do", "dot", "down",
        "early", "eat", "employed", "engineer", "even", "everyone", "fired", "found", "fun", "glance", "glanced", "good",
        "got", "great", "he", "her", "here", "him", "hired", "home", "i", "intern", "is", "it", "job", "just", "late",
        "laugh", "laughed", "laughing", "least", "left", "live", "lived", "living", "look", "looked", "looking", "looks",
        "mad", "manager", "me", "meet", "met", "nobody", "not", "nothing", "now", "once", "only", "or", "out", "over",
        "point", "pointed", "reach", "right", "sat", "saw", "see", "seen", "she", "shop", "shopped", "shout", "shouted",
        "sit", "sitting", "smile", "smiled", "someone", "something", "stare", "stared", "staring", "stay", "stayed",
        "still", "stood", "stuck", "study", "studied", "that", "them", "there", "they", "this", "up", "us", "wait",
        "waited", "was", "we", "were", "what", "where", "work", "worked", "working", "works", "yell", "yelled", "you",
    ]

    /// "@home", "@work": "at", not a person, whatever comes before.
    static let notHandles: Set<String> = ["all", "channel", "everyone", "here", "home", "school", "someone", "work"]

    /// Words that make the `@name` after them an account: verbs of following and messaging,
    /// and the networks' names ("follow me @nightowl", "on instagram: @janedoe").
    static let handleWords: Set<String> = [
        "account", "add", "bluesky", "bsky", "cc", "contact", "dm", "dms", "discord", "find", "follow", "followed",
        "following", "follows", "handle", "hit", "ig", "insta", "instagram", "kik", "mastodon", "mention", "message",
        "messaged", "msg", "ping", "profile", "reddit", "reach", "snap", "snapchat", "sub", "subscribe", "tag", "tagged",
        "telegram", "tg", "threads", "tiktok", "twitch", "twitter", "user", "username", "venmo", "write", "youtube",
        "écris", "écrivez", "folge", "folgen", "folgt", "schreib", "schreibt", "sigue", "sigan", "sígueme", "seguir",
        "siga", "suis", "suivez", "suivre", "escríbeme", "escreve", "пиши", "напиши", "подпишись",
    ]

    /// Words that make a number soon after them a version, not an address ("version 1.2.3.4",
    /// "updated to 1.9.9.9, then 2.0.0.1").
    static let versionWords: Set<String> = [
        "aktualisierung", "build", "capítulo", "chapitre", "chapter", "firmware", "kapitel", "patch", "patched", "release",
        "released", "section", "update", "updated", "updates", "updating", "upgrade", "upgraded", "upgrading", "v", "ver",
        "version", "versions", "versión", "versão", "versione", "mise", "actualización", "atualização",
    ]

    /// Words of calling, after which a number that is only possible (the right length, not an
    /// allocated range) is still a phone: "call me 555 123 4567". Words in scripts without
    /// spaces are matched as the end of the word before the number.
    static let callingWords: Set<String> = [
        "anrufen", "appelez", "appelle", "appelle-moi", "call", "called", "calling", "calls", "cel", "celular", "cell",
        "cellphone", "cellulare", "chiama", "chiamami", "dial", "fax", "handy", "liga", "ligue", "llama", "llamar",
        "llámame", "mobile", "mobil", "móvil", "number", "numéro", "nummer", "phone", "portable", "ring", "ruf", "signal", "sms",
        "tel", "telefon", "telefone", "telefono", "teléfono", "telephone", "telefoon", "téléphone", "tél", "text",
        "texted", "texting", "textme", "txt", "whatsapp", "zadzwoń", "звони", "позвони", "телефон", "номер", "电话", "手机",
        "電話", "携帯", "番号",
    ]

    /// Words that name a national id, one set an id whose check a random number passes often
    /// (so it is found bare only after its name).
    static let ssnWords: Set<String> = ["security", "ssn", "ssns", "social"]
    static let bsnWords: Set<String> = ["bsn", "burgerservicenummer", "sofinummer", "sofi"]
    static let aadhaarWords: Set<String> = ["aadhaar", "aadhar", "uid", "uidai", "आधार"]
    static let cpfWords: Set<String> = ["cpf"]
    static let taxIDWords: Set<String> = [
        "identifikationsnummer", "idnr", "steuer", "steuerid", "steueridentifikationsnummer", "steuernummer", "tin",
    ]
    /// Every word that names a national id: no number after one is a phone.
    static let nationalIDWords: Set<String> = ssnWords.union(bsnWords).union(aadhaarWords).union(cpfWords).union(taxIDWords)
        .union(["dni", "nie", "nif", "nino", "nir", "insurance", "sécu", "fiscale", "codice"])

    /// Words that name a payment card: a 12-digit Maestro, or 13 digits that are also a
    /// barcode, are a card only after one of them.
    static let cardWords: Set<String> = [
        "amex", "card", "carta", "cartão", "carte", "cc", "credit", "debit", "karte", "kreditkarte", "maestro", "mastercard",
        "tarjeta", "visa",
    ]

    /// Words that make the number after them a product code, not a card.
    static let barcodeWords: Set<String> = ["barcode", "ean", "gtin", "isbn", "sku", "strichcode", "upc"]

    /// Words that make the number after them a reference, not a card or a phone.
    static let referenceWords: Set<String> = [
        "bestellnummer", "bestellung", "commande", "commit", "facture", "factura", "hash", "invoice", "isbn", "merge", "order",
        "pedido", "rechnung", "ref", "reference", "referenz", "référence", "sha", "ticket", "tracking",
    ]

    // MARK: Hosts and paths

    /// Hosts that only serve mail, for "john at gmail.com" (with an ordinary "at").
    static let mailHosts: Set<String> = [
        "aol.com", "free.fr", "freenet.de", "gmail.com", "gmx.at", "gmx.ch", "gmx.com", "gmx.de", "gmx.fr", "gmx.net",
        "googlemail.com", "hey.com", "hotmail.co.uk", "hotmail.com", "hotmail.de", "hotmail.es", "hotmail.fr", "icloud.com",
        "laposte.net", "libero.it", "live.com", "live.fr", "mac.com", "mail.ru", "mailbox.org", "me.com", "msn.com",
        "orange.fr", "outlook.com", "outlook.de", "outlook.es", "outlook.fr", "pm.me", "posteo.de", "proton.me",
        "protonmail.ch", "protonmail.com", "sfr.fr", "t-online.de", "terra.es", "tiscali.it", "tuta.io", "tutanota.com",
        "wanadoo.fr", "web.de", "yahoo.co.uk", "yahoo.com", "yahoo.de", "yahoo.es", "yahoo.fr", "yandex.com", "yandex.ru",
        "ymail.com", "zoho.com",
    ]

    /// Mail providers well known enough that `name@gmail`, without `.com`, is an address.
    static let mailProviders: Set<String> = [
        "aol", "gmail", "gmx", "googlemail", "hotmail", "icloud", "laposte", "libero", "mailbox", "outlook", "posteo",
        "proton", "protonmail", "tutanota", "wanadoo", "yahoo", "yandex", "ymail", "zoho",
    ]

    /// Top-level domains accepted after a spelled-out dot.
    static let topLevelDomains: Set<String> = [
        "app", "ar", "at", "au", "be", "biz", "br", "ca", "ch", "cl", "cn", "co", "com", "cz", "de", "dev", "dk", "edu",
        "es", "eu", "fi", "fr", "gov", "gr", "hu", "ie", "il", "in", "info", "io", "is", "it", "jp", "kr", "lu", "me",
        "mx", "net", "nl", "no", "nz", "org", "pe", "pl", "pt", "ro", "ru", "se", "tr", "tw", "ua", "uk", "us", "xyz", "za",
    ]

    /// The networks whose paths are read for a profile; on any other host only `host/@user` is one.
    static let profileSites: Set<String> = [
        "bsky.app", "cash.app", "discord.com", "discord.gg", "discordapp.com", "facebook.com", "fb.com", "fb.me", "github.com",
        "gitlab.com", "instagram.com", "linkedin.com", "onlyfans.com", "patreon.com", "paypal.com", "paypal.me",
        "pinterest.com", "reddit.com", "snapchat.com", "substack.com", "t.me", "telegram.me", "tiktok.com", "tumblr.com",
        "twitch.tv", "twitter.com", "venmo.com", "vk.com", "x.com", "youtube.com",
    ]

    /// Sites whose subdomain is a person's own: `jane.github.io`.
    static let nameSites: Set<String> = ["github.io", "substack.com", "tumblr.com"]

    /// Subdomains of those sites that are the site's own pages, not a person's.
    static let nameSitePages: Set<String> = [
        "about", "api", "assets", "blog", "cdn", "docs", "help", "mail", "media", "on", "open", "pages", "read", "static",
        "status", "support", "www",
    ]

    /// Pages of Twitch, Pinterest, VK, OnlyFans, Patreon and Tumblr that are not profiles.
    static let networkPaths: Set<String> = [
        "about", "account", "apps", "blog", "business", "categories", "dashboard", "directory", "downloads", "explore",
        "faq", "feed", "friends", "games", "groups", "help", "home", "ideas", "im", "inventory", "jobs", "legal", "login",
        "logout", "messages", "music", "my", "p", "pin", "policy", "posts", "pricing", "privacy", "product", "register",
        "search", "settings", "signup", "store", "subscriptions", "support", "tagged", "terms", "today", "turbo", "video",
        "videos", "wallet", "watch",
    ]

    /// Pages of Venmo that are not profiles.
    static let paymentPaths: Set<String> = [
        "about", "account", "business", "card", "help", "legal", "login", "pay", "resources", "send", "signup", "support",
    ]

    /// Subdomains a profile URL may have besides a two-letter language ("fr.linkedin.com").
    static let profileSubdomains: Set<String> = ["gist", "m", "mobile", "new", "np", "old", "web", "www"]

    /// Pages of twitter.com and x.com that are not profiles.
    static let twitterPaths: Set<String> = [
        "about", "account", "compose", "download", "explore", "hashtag", "help", "home", "i", "intent", "jobs", "login",
        "logout", "messages", "notifications", "privacy", "rules", "search", "settings", "share", "signup", "tos",
    ]

    /// Pages of instagram.com that are not profiles.
    static let instagramPaths: Set<String> = [
        "about", "accounts", "challenge", "developer", "direct", "explore", "help", "legal", "p", "privacy", "reel",
        "reels", "terms", "tv", "web",
    ]

    /// Pages of facebook.com and fb.com that are not profiles.
    static let facebookPaths: Set<String> = [
        "about", "ads", "bookmarks", "business", "careers", "dialog", "events", "friends", "fundraisers", "gaming",
        "groups", "hashtag", "help", "home.php", "l.php", "legal", "login", "login.php", "marketplace", "messages",
        "notes", "notifications", "pages", "permalink.php", "photo", "photo.php", "plugins", "policies", "policy.php",
        "privacy", "r.php", "recover", "reel", "search", "settings", "share", "sharer", "sharer.php", "stories",
        "story.php", "terms", "terms.php", "tr", "video", "watch",
    ]

    /// Pages of github.com that are not profiles.
    static let githubPaths: Set<String> = [
        "about", "account", "apps", "blog", "codespaces", "collections", "contact", "copilot", "customer-stories",
        "dashboard", "enterprise", "events", "explore", "features", "home", "issues", "join", "login", "logout",
        "marketplace", "mobile", "new", "notifications", "organizations", "orgs", "pricing", "pulls", "readme",
        "resources", "search", "security", "sessions", "settings", "signup", "site", "solutions", "sponsors", "stars",
        "team", "topics", "trending", "watching",
    ]

    // MARK: Numbering plans

    /// IBAN lengths by country (SWIFT IBAN registry), keyed by the two ASCII letters.
    static let ibanLengths: [UInt16: Int] = Dictionary(
        uniqueKeysWithValues: ibanLengthsByCountry.map { code, length in
            let bytes = Array(code.utf8)
            return (UInt16(bytes[0]) << 8 | UInt16(bytes[1]), length)
        }
    )

    private static let ibanLengthsByCountry: KeyValuePairs<String, Int> = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
        "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
        "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
        "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24,
        "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24,
        "XK": 20,
    ]

    /// Whether a card number starting with `prefix` (its first four digits) may have `count`
    /// digits: Mastercard 2221–2720 and 51–55 (16), Amex 34 and 37 (15), JCB 35 (16–19),
    /// Diners 30, 36, 38, 39 (14–19), Visa 4 (13, 16, 19); Maestro 50 and 56–59, and
    /// Discover, UnionPay and Maestro 6, at any length (`isCardNumber` has checked 12–19).
    static func cardIssuerAllows(prefix: Int, count: Int) -> Bool {
        let two = prefix / 100
        switch prefix / 1000 {
        case 2: return (2221...2720).contains(prefix) && count == 16
        case 3:
            if two == 34 || two == 37 { return count == 15 }
            if two == 35 { return count >= 16 }
            return (two == 30 || two == 36 || two == 38 || two == 39) && count >= 14
        case 4: return count == 13 || count == 16 || count == 19
        case 5:
            if (51...55).contains(two) { return count == 16 }
            return two == 50 || two >= 56  // Maestro: 12–19 digits
        case 6: return true  // Discover, UnionPay, Maestro
        default: return false
        }
    }
}
