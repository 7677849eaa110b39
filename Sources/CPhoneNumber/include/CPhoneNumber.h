// Google's libphonenumber (C++, Debian's libphonenumber-dev) behind three C functions, so Swift
// needs no C++ interop. Imported by one Swift file only:
// Sources/HushGuard/PersonalData/Detectors/PhoneNumbers.swift.

#ifndef HUSH_CPHONENUMBER_H
#define HUSH_CPHONENUMBER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One phone number found in a text, as UTF-8 byte offsets into it.
typedef struct hush_phone_match {
    size_t start;
    size_t end;
    /// 1: a valid number (of the region it is read in, or of its country when written with +);
    /// 0: only a possible one (the right length, not an allocated range).
    int valid;
} hush_phone_match;

/// Finds the phone numbers in `text` (`length` bytes of UTF-8): national numbers read as in
/// `region` (an ISO 3166-1 alpha-2 code), numbers written with + or 00 in every region.
/// Valid numbers first, then possible ones that overlap none of them, each list in order.
/// Returns how many; `*matches` then points at that many, allocated with malloc: the caller
/// frees it with free(). On no match or any failure returns 0 and sets `*matches` to NULL.
size_t hush_phone_find(const char *text, size_t length, const char *region, hush_phone_match **matches);

/// 1 if `digits` (`length` ASCII digits, no +) is a valid number when dialled from abroad
/// (country calling code first), as in the links wa.me/4915112345678; 0 otherwise.
int hush_phone_is_valid_international(const char *digits, size_t length);

/// 1 if libphonenumber has a numbering plan for `region` (an ISO 3166-1 alpha-2 code, like
/// "GB"; "UK" is not one); 0 otherwise.
int hush_phone_region_is_known(const char *region);

#ifdef __cplusplus
}
#endif

#endif
