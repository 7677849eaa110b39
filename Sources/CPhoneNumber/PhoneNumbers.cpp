// The C face of libphonenumber's PhoneNumberMatcher (see include/CPhoneNumber.h). Nothing
// here throws across the C boundary; every failure is "no match".

#include "CPhoneNumber.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/// Every match of one leniency, in order.
std::vector<hush_phone_match> find(const std::string &text, const std::string &region, PhoneNumberMatcher::Leniency leniency, int valid) {
    std::vector<hush_phone_match> found;
    // No limit on tries: a story is short, and a limit would make a later number depend
    // on how many false starts came before it.
    PhoneNumberMatcher matcher(*PhoneNumberUtil::GetInstance(), text, region, leniency, 1 << 30);
    while (matcher.HasNext()) {
        PhoneNumberMatch match;
        if (!matcher.Next(&match)) break;
        size_t start = static_cast<size_t>(match.start());
        size_t end = start + static_cast<size_t>(match.length());
        if (end > text.size()) continue;
        found.push_back(hush_phone_match{start, end, valid});
    }
    return found;
}

}  // namespace

extern "C" size_t hush_phone_find(const char *text, size_t length, const char *region, hush_phone_match **matches) {
    *matches = nullptr;
    try {
        const std::string input(text, length);
        const std::string code(region);
        std::vector<hush_phone_match> all = find(input, code, PhoneNumberMatcher::VALID, 1);
        const size_t valid = all.size();
        for (const hush_phone_match &possible : find(input, code, PhoneNumberMatcher::POSSIBLE, 0)) {
            bool overlaps = false;
            for (size_t k = 0; k < valid && !overlaps; ++k) {
                overlaps = possible.start < all[k].end && all[k].start < possible.end;
            }
            if (!overlaps) all.push_back(possible);
        }
        if (all.empty()) return 0;
        void *memory = std::malloc(all.size() * sizeof(hush_phone_match));
        if (memory == nullptr) return 0;
        auto *out = static_cast<hush_phone_match *>(memory);
        for (size_t k = 0; k < all.size(); ++k) out[k] = all[k];
        *matches = out;
        return all.size();
    } catch (...) {
        return 0;
    }
}

extern "C" int hush_phone_is_valid_international(const char *digits, size_t length) {
    try {
        const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        const std::string text = "+" + std::string(digits, length);
        if (util.Parse(text, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
        return util.IsValidNumber(number) ? 1 : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" int hush_phone_region_is_known(const char *region) {
    try {
        return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region)) != 0 ? 1 : 0;
    } catch (...) {
        return 0;
    }
}
