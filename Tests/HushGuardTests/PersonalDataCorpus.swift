import HushTestSupport

@testable import HushCore
@testable import HushGuard

/// One labelled text for the personal-data scanner: the kinds it must find, in order of
/// appearance (empty: it must find nothing).
struct PersonalDataSample: Sendable {
    let text: String
    let expected: [PersonalDataKind]

    init(_ text: String, expected: [PersonalDataKind]) {
        self.text = text
        self.expected = expected
    }
}

/// The labelled suite: positives of every kind in several formats and languages, and
/// negatives chosen to look close to them (dates, versions, prices, references, prose).
let personalDataCorpus: [PersonalDataSample] =
    emailSamples + phoneSamples + ipSamples + cardSamples + ibanSamples
    + handleSamples + profileSamples + mixedSamples + proseSamples

// MARK: - E-mail

private let emailSamples: [PersonalDataSample] = [
    // Plain addresses.
    .init("Write to me at jane.doe@example.com if you remember.", expected: [.email]),
    .init("my old address was john+confessions@mail.example.co.uk, long gone", expected: [.email]),
    .init("Contact: ANNA_K@Sub.Domain.Example.ORG.", expected: [.email]),
    .init("my work address, first.last@dept.university.edu.", expected: [.email]),
    .init("email: o.brien-smith@example.ie", expected: [.email]),
    .init("Two of them: a@x.io and b.c@y.co.uk", expected: [.email, .email]),
    .init("<mailto:someone@example.com>", expected: [.email]),
    .init("[email me](mailto:lea@example.fr)", expected: [.email]),
    .init("She wrote *bob@example.com* on the whiteboard.", expected: [.email]),
    .init("It was `carol@example.io` all along.", expected: [.email]),
    // Unicode local parts and domains; other languages.
    .init("josé.garcía@correo.es me escribió ayer", expected: [.email]),
    .init("Schreib mir: jürgen.müller@beispiel.de", expected: [.email]),
    .init("Écrivez-moi à chloé@exemple.fr, s'il vous plaît.", expected: [.email]),
    .init("邮箱：用户@例子.广告", expected: [.email]),
    // Spelled-out forms.
    .init("reach him at mike at example dot com", expected: [.email]),
    .init("mail jane (at) example (dot) org", expected: [.email]),
    .init("write to tom [at] company [dot] net", expected: [.email]),
    .init("ping SARAH AT HOSTING DOT COM today", expected: [.email]),
    .init("send it to kate@provider dot com please", expected: [.email]),
    .init("j.smith99 at gmail.com is my old one", expected: [.email]),
    .init("john dot smith at gmail dot com", expected: [.email]),
    .init("mary{at}example{dot}com", expected: [.email]),
    .init("tell alex @ example dot com I said hi", expected: [.email]),
    .init("contact: tom(at)firma.de", expected: [.email]),
    .init("mon adresse : jean arobase orange point fr", expected: [.email]),
    .init("escríbeme: juan arroba gmail punto com", expected: [.email]),
    .init("Meine Adresse: hans (at) gmx (punkt) de", expected: [.email]),
    .init("correo: maria[at]ejemplo.es", expected: [.email]),
    .init("defanged: jane [at] example [.] com", expected: [.email]),
    .init("reply to jane AT example.com", expected: [.email]),
    .init("«lea@exemple.fr», m’a-t-elle dit", expected: [.email]),
    // Close negatives.
    .init("I'm @ work until six.", expected: []),
    .init("See you at home tonight, at eight.", expected: []),
    .init("meet at the station dot", expected: []),
    .init("I looked at google dot com for hours.", expected: []),
    .init("I work at amazon.com now and hate it.", expected: []),
    .init("We laughed at reddit dot com threads all night.", expected: []),
    .init("Look at this dot com bubble story.", expected: []),
    .init("WE WERE AT THE PARK DOT", expected: []),
    .init("Point at the dot and say nothing.", expected: []),
    .init("user@localhost refused the connection", expected: []),
    .init("Big sale @ 50% off at the corner shop.", expected: []),
    .init("Lunch at noon at the café, at last.", expected: []),
    .init("He got a job at Google.com and works at Stripe dot com now.", expected: []),
    .init("I am at gmail dot com all day", expected: []),
    .init("I WORK AT GOOGLE.COM", expected: []),
    .init("Il était à la maison, point final.", expected: []),
    .init("Das ist der Punkt: wir treffen uns at the station.", expected: []),
    .init("Nos vemos en el punto de encuentro a las ocho.", expected: []),
]

// MARK: - Phone

private let phoneSamples: [PersonalDataSample] = [
    // International.
    .init("Call me on +44 20 7946 0958 after nine.", expected: [.phone]),
    .init("US office: +1-202-555-0143", expected: [.phone]),
    .init("Appelle-moi au +33 6 12 34 56 78 !", expected: [.phone]),
    .init("Büro: +49 30 901820", expected: [.phone]),
    .init("WhatsApp +4915112345678", expected: [.phone]),
    .init("Llámame al +34 612 34 56 78 esta noche.", expected: [.phone]),
    .init("Roma: +39 06 1234 5678", expected: [.phone]),
    .init("Amsterdam +31 20 123 4567", expected: [.phone]),
    .init("Zürich +41 44 668 18 00", expected: [.phone]),
    .init("London +44 (0)20 7946 0958", expected: [.phone]),
    .init("cell +1 (202) 555-0143", expected: [.phone]),
    .init("from abroad dial 0044 20 7946 0958", expected: [.phone]),
    .init("Dublin +353 1 234 5678", expected: [.phone]),
    .init("[call me](tel:+12025550143)", expected: [.phone]),
    // National: US, UK, France, Germany.
    .init("His number was (202) 555-0143, I still know it.", expected: [.phone]),
    .init("text 202-555-0143", expected: [.phone]),
    .init("call 202.555.0143 tonight", expected: [.phone]),
    .init("toll free 1-800-555-0199", expected: [.phone]),
    .init("ring 020 7946 0958 and ask for Sam", expected: [.phone]),
    .init("my mobile is 07700 900123", expected: [.phone]),
    .init("or just 07700900123", expected: [.phone]),
    .init("Mon numéro : 06 12 34 56 78", expected: [.phone]),
    .init("le bureau, 01.23.45.67.89, ferme tôt", expected: [.phone]),
    .init("texte-moi au 0612345678", expected: [.phone]),
    .init("Ruf an: 030 901820", expected: [.phone]),
    .init("Handy 0151 12345678", expected: [.phone]),
    .init("Tel. 030/901820", expected: [.phone]),
    .init("Praxis (030) 901820", expected: [.phone]),
    .init("Llámame al 612 34 56 78", expected: [.phone]),
    // No-break spaces as French and German typography puts them between groups.
    .init("tél.\u{A0}: 06\u{A0}12\u{A0}34\u{A0}56\u{A0}78", expected: [.phone]),
    .init("Nummer\u{A0}+49\u{202F}30\u{202F}901820", expected: [.phone]),
    .init("two numbers: 06 12 34 56 78 06 98 76 54 32", expected: [.phone, .phone]),
    .init("In 2019 020 7946 0958 was my number", expected: [.phone]),
    // Close negatives.
    .init("It happened on 2026-11-02.", expected: []),
    .init("Am 02.11.2026 um 14 Uhr.", expected: []),
    .init("on 11/02/2026 at 10:30", expected: []),
    .init("order #123456789 never arrived", expected: []),
    .init("ref 2026-000123 in the letter", expected: []),
    .init("room 1204, second floor", expected: []),
    .init("1 000 000 people watched", expected: []),
    .init("12 345 678 views and counting", expected: []),
    .init("75001 Paris, 10115 Berlin, 28013 Madrid", expected: []),
    .init("it cost $1,299.99 and I regret it", expected: []),
    .init("Prix : € 12,50 le kilo", expected: []),
    .init("the score was 3-2 in the end", expected: []),
    .init("ISBN 978-3-16-148410-0", expected: []),
    .init("prices went up +15% and then +33 points", expected: []),
    .init("my lucky number 1234567890", expected: []),
    .init("pages 123-456 of volume 2", expected: []),
    .init("the 2023-2024 season", expected: []),
    .init("1,234,567,890 views", expected: []),
    .init("PIN 0000 0000 is not a phone", expected: []),
    .init("a countdown: 9 8 7 6 5 4 3 2 1 0", expected: []),
    .init("1\u{202F}000\u{202F}000 personnes, 12\u{A0}345\u{A0}678 vues", expected: []),
    .init("612 345 678 people signed", expected: []),
    .init("sort code 60-16-13 account 31926819", expected: []),
    .init("Time 23:59:59.999 and 2026-11-02T10:30:00Z", expected: []),
    .init("Dates: 2026/11/02, 2.11.2026, 11.02.26, 02-11-2026, 20261102", expected: []),
]

// MARK: - IP addresses

private let ipSamples: [PersonalDataSample] = [
    .init("my IP was 203.0.113.42.", expected: [.ip]),
    .init("router at 192.168.1.20, password admin", expected: [.ip]),
    .init("he pinged 8.8.8.8 all day", expected: [.ip]),
    .init("IP: 172.16.254.1:443", expected: [.ip]),
    .init("la IP 192.0.2.1 era la mía", expected: [.ip]),
    .init("Adresse 198.51.100.7 im Log", expected: [.ip]),
    .init("2001:db8:85a3::8a2e:370:7334 was in the log", expected: [.ip]),
    .init("full form 2001:0db8:85a3:0000:0000:8a2e:0370:7334", expected: [.ip]),
    .init("link-local fe80::1ff:fe23:4567:890a here", expected: [.ip]),
    .init("mapped ::ffff:192.0.2.128 address", expected: [.ip]),
    .init("connect to [2001:db8::1]:8080", expected: [.ip]),
    .init("it ended with 2001:db8::1.", expected: [.ip]),
    .init("range 10.0.0.1-10.0.0.9", expected: [.ip, .ip]),
    // Close negatives.
    .init("upgraded to v1.2.3 last night", expected: []),
    .init("version 1.2.3.4 fixed it", expected: []),
    .init("build 1.2.3.4.5 broke it", expected: []),
    .init("release 2.0.1 is out", expected: []),
    .init("256.1.1.1 is not an address", expected: []),
    .init("at 12:30:45 exactly", expected: []),
    .init("a 16:9 screen and a 3:2 ratio", expected: []),
    .init("std::vector and a::b in code", expected: []),
    .init("MAC 00:1A:2B:3C:4D:5E", expected: []),
    .init("192.168.1 is only a prefix", expected: []),
    .init("pi is 3.14159265", expected: []),
    .init("see chapter 4.2.1.3 and Windows 10.0.19045", expected: []),
    .init("IP 10.0.0.256 and 010.000.000.001", expected: []),
    .init("1::2::3 is malformed, ::1 is loopback", expected: []),
]

// MARK: - Cards

private let cardSamples: [PersonalDataSample] = [
    .init("card 4111 1111 1111 1111 exp 12/27", expected: [.card]),
    .init("5500-0000-0000-0004 was hers", expected: [.card]),
    .init("amex 378282246310005", expected: [.card]),
    .init("Discover 6011111111111117", expected: [.card]),
    .init("JCB 3530 1113 3330 0000", expected: [.card]),
    .init("Diners 30569309025904", expected: [.card]),
    .init("grouped amex 3714 496353 98431", expected: [.card]),
    .init("new mastercard 2223 0031 2200 3222", expected: [.card]),
    .init("Kartennummer 5555 5555 5555 4444", expected: [.card]),
    .init("ma carte 4111-1111-1111-1111", expected: [.card]),
    .init("tarjeta 4000 0566 5566 5556", expected: [.card]),
    .init("my card #4012888888881881", expected: [.card]),
    .init("Kreditkarte 4111\u{A0}1111\u{A0}1111\u{A0}1111", expected: [.card]),
    // Close negatives.
    .init("4111 1111 1111 1112 fails Luhn", expected: []),
    .init("1234567890123456", expected: []),
    .init("order #4111111111111111", expected: []),
    .init("ISBN 9781234567897", expected: []),
    .init("tracking 9400100000000000000000", expected: []),
    .init("79927398713 is a Luhn example", expected: []),
    .init("4111 1111 1111 is too short", expected: []),
]

// MARK: - IBANs

private let ibanSamples: [PersonalDataSample] = [
    .init("IBAN DE89 3704 0044 0532 0130 00", expected: [.iban]),
    .init("pay GB29 NWBK 6016 1331 9268 19 by Friday", expected: [.iban]),
    .init("mon IBAN : FR14 2004 1010 0505 0001 3M02 606", expected: [.iban]),
    .init("cuenta ES91 2100 0418 4502 0005 1332", expected: [.iban]),
    .init("IT60 X054 2811 1010 0000 0123 456", expected: [.iban]),
    .init("NL91 ABNA 0417 1643 00", expected: [.iban]),
    .init("BE68 5390 0754 7034", expected: [.iban]),
    .init("CH93 0076 2011 6238 5295 7", expected: [.iban]),
    .init("AT61 1904 3002 3457 3201", expected: [.iban]),
    .init("PL61 1090 1014 0000 0712 1981 2874", expected: [.iban]),
    .init("IE29 AIBK 9311 5212 3456 78", expected: [.iban]),
    .init("PT50 0002 0123 1234 5678 9015 4", expected: [.iban]),
    .init("Konto DE89370400440532013000 bitte", expected: [.iban]),
    .init("iban: gb29nwbk60161331926819", expected: [.iban]),
    .init("IBAN\u{A0}: FR14\u{A0}2004\u{A0}1010\u{A0}0505\u{A0}0001\u{A0}3M02\u{A0}606", expected: [.iban]),
    // Close negatives.
    .init("DE89 3704 0044 0532 0130 01 fails mod 97", expected: []),
    .init("DE89 3704 0044 0532 0130 is too short", expected: []),
    .init("postcode SW1A 1AA", expected: []),
    .init("an A4 sheet, an M4 screw and the E46 model", expected: []),
    .init("GB29 NWBK alone", expected: []),
    .init("XX12 3456 7890 1234 5678 90", expected: []),
]

// MARK: - Handles

private let handleSamples: [PersonalDataSample] = [
    .init("DM me @jane_doe", expected: [.handle]),
    .init("follow @bob.smith.", expected: [.handle]),
    .init("Suivez-moi sur @marie_dupont !", expected: [.handle]),
    .init("Folgt mir auf @hans.mueller", expected: [.handle]),
    .init("Sígueme en @maría_lópez", expected: [.handle]),
    .init("(@night_owl_42) never replied", expected: [.handle]),
    .init("Пиши мне: @иван_петров", expected: [.handle]),
    .init("“@jane_doe” said it", expected: [.handle]),
    .init("cc @Someone_Else and @xy", expected: [.handle, .handle]),
    // Close negatives.
    .init("me @ home, tired", expected: []),
    .init("I'm @home now", expected: []),
    .init("@a is too short", expected: []),
    .init("see you @10pm", expected: []),
    .init("meet @ 5", expected: []),
    .init("#hashtag and @@ and @-", expected: []),
    .init("@everyone: the meeting is @ 3", expected: []),
    .init("jane@example is not a handle", expected: []),
]

// MARK: - Profile URLs

private let profileSamples: [PersonalDataSample] = [
    .init("https://twitter.com/jack", expected: [.profileURL]),
    .init("he is x.com/elonmusk_fan now", expected: [.profileURL]),
    .init("www.instagram.com/jane.doe/", expected: [.profileURL]),
    .init("https://www.facebook.com/zuck", expected: [.profileURL]),
    .init("fb.com/jane.doe", expected: [.profileURL]),
    .init("https://www.linkedin.com/in/jane-doe-123/", expected: [.profileURL]),
    .init("https://de.linkedin.com/in/hans", expected: [.profileURL]),
    .init("tiktok.com/@charli", expected: [.profileURL]),
    .init("https://github.com/octocat", expected: [.profileURL]),
    .init("code at github.com/octocat/Hello-World", expected: [.profileURL]),
    .init("reddit.com/u/spez", expected: [.profileURL]),
    .init("https://www.reddit.com/user/spez/", expected: [.profileURL]),
    .init("youtube.com/@mkbhd", expected: [.profileURL]),
    .init("https://www.youtube.com/c/LinusTechTips", expected: [.profileURL]),
    .init("https://youtube.com/channel/UC123abc", expected: [.profileURL]),
    .init("toot me: @gargron@mastodon.social", expected: [.profileURL]),
    .init("https://mastodon.social/@Gargron", expected: [.profileURL]),
    .init("[my insta](https://instagram.com/jane_doe)", expected: [.profileURL]),
    .init("https://www.facebook.com/profile.php?id=100001234567", expected: [.profileURL]),
    .init("https://twitter.com/jack/status/20.", expected: [.profileURL]),
    .init("Mon profil : https://www.linkedin.com/in/marie-dupont", expected: [.profileURL]),
    .init("https://medium.com/@jane/my-story-123", expected: [.profileURL]),
    .init("https://m.facebook.com/jane.doe.12", expected: [.profileURL]),
    .init("https://old.reddit.com/u/throwaway", expected: [.profileURL]),
    .init("<a href=https://twitter.com/jack>", expected: [.profileURL]),
    .init("via:github.com/jane-doe", expected: [.profileURL]),
    // Close negatives.
    .init("https://en.wikipedia.org/wiki/Confession", expected: []),
    .init("https://www.bbc.co.uk/news/uk-12345678", expected: []),
    .init("https://twitter.com/", expected: []),
    .init("https://www.facebook.com/help/123456", expected: []),
    .init("https://www.instagram.com/explore/", expected: []),
    .init("https://www.instagram.com/p/Cxyz123/", expected: []),
    .init("https://github.com/about", expected: []),
    .init("https://www.reddit.com/r/confessions", expected: []),
    .init("https://www.youtube.com/watch?v=dQw4w9WgXcQ", expected: []),
    .init("https://www.linkedin.com/company/acme", expected: []),
    .init("https://help.twitter.com/en/rules", expected: []),
    .init("I deleted twitter.com and facebook.com from my phone", expected: []),
    .init("https://x.com/i/flow/login", expected: []),
    .init("foo.bar.twitter.com/jack and https://help.instagram.com/jane", expected: []),
    .init("https://twitter.com/search?q=jane and https://www.linkedin.com/jobs/view/123", expected: []),
    .init("https://facebook.com/groups/12345 and https://youtu.be/dQw4w9WgXcQ", expected: []),
    .init("[always](https://example.org/always)", expected: []),
]

// MARK: - Several in one text

private let mixedSamples: [PersonalDataSample] = [
    .init("Email a@b.com or call +44 20 7946 0958", expected: [.email, .phone]),
    .init("@jane_doe, jane@example.com, https://twitter.com/jane_doe", expected: [.handle, .email, .profileURL]),
    .init("server 10.0.0.1 and card 4111 1111 1111 1111", expected: [.ip, .card]),
    .init("IBAN FR14 2004 1010 0505 0001 3M02 606 ou 06 12 34 56 78", expected: [.iban, .phone]),
    .init("@jane at gmail dot com", expected: [.email]),
    .init("title: \"Call me on 06 12 34 56 78\"", expected: [.phone]),
    .init("mood: \"ashamed, ask @lena_k\"", expected: [.handle]),
]

// MARK: - Prose and markdown that must stay quiet

private let proseSamples: [PersonalDataSample] = [
    .init("**bold** and _italic_ and `code` and ~~strike~~", expected: []),
    .init("# Heading 1\n\n## Heading 2", expected: []),
    .init("1. first\n2. second\n3. third", expected: []),
    .init("> quoted at length, dot by dot", expected: []),
    .init("---\ntitle: \"Night shift\"\ndate: 2024-06-12\ntags: [\"work\"]\nhearts: 5\n---\n", expected: []),
    .init("![a photo](images/2024/IMG_0042.jpg)", expected: []),
    .init("| a | b |\n|---|---|\n| 1 | 2 |", expected: []),
    .init("```\nlet t = \"10:30\"\n```", expected: []),
    .init("I was at the office at 9 and left at 17:45.", expected: []),
    .init("We met in 1999, married in 2004, split in 2019.", expected: []),
    .init("Fifty percent, or 50%, of us lied.", expected: []),
    .init("He owes me £40.50 and a coffee.", expected: []),
    .init("Chapter 3, verse 16; page 1024.", expected: []),
    .init("the 3rd time, the 21st floor, the 100th day", expected: []),
    .init("Mi hermano llegó a las 10:30 y se fue a las 23:15.", expected: []),
    .init("Er kam um 12:30 Uhr und zahlte 12,50 €.", expected: []),
    .init("J'ai dépensé 1 299,99 € en 2023.", expected: []),
    .init("sometimes I whisper at night, at the window", expected: []),
    .init("The password was dot-dot-dash, at least I think so.", expected: []),
    .init("Temperature hit -5 at 6 a.m.", expected: []),
]
