// libvips (Debian's libvips42) for HushImages/Vips.swift, its only reader.
//
// libvips is not linked: it is loaded when hush first works on an image (`hush_vips_start`).
// Linked, it and the hundred libraries under it (GLib, the decoders, X11, cairo, …) were
// loaded and initialised by every command, about 20 ms each time, though most builds have
// no image (docs/architecture.md, "Images"). hush_vips.c looks up what hush calls with
// dlsym, and wraps each call in a fixed, non-variadic function: libvips takes its options
// as variadic, NULL-terminated name/value lists, which Swift cannot call.
#ifndef HUSH_CVIPS_H
#define HUSH_CVIPS_H

#include <stddef.h>

/// An image (libvips' `VipsImage`), only ever handled by pointer.
typedef struct _VipsImage VipsImage;

/// Loads libvips, looks up every function hush calls, and starts it: its operation cache off
/// (hush never asks twice for the same operation), its warnings counted
/// (`hush_vips_damage_count`) instead of printed. 0 on success; else -1, and
/// `hush_vips_missing_reason` says why. Called once per process.
int hush_vips_start(void);

/// Why libvips could not be loaded, after `hush_vips_start` failed.
const char *hush_vips_missing_reason(void);

/// How many of libvips' warnings said the pixels were damaged (a truncated file, a tile that
/// failed to decode): libvips then paints the missing part black and goes on, so a warning
/// is the only sign. Counted from any of libvips' threads.
int hush_vips_damage_count(void);

void hush_vips_error_clear(void);

/// libvips' error text ("" when none).
const char *hush_vips_error(void);

/// The name of the loader that reads `buffer` (`VipsForeignLoadJpegBuffer`, …), or NULL.
const char *hush_vips_loader(const void *buffer, size_t length);

/// The image in `buffer`, read lazily: only its header until something asks for pixels,
/// which are then decoded top to bottom (sequential); a damaged file fails, never guessed.
VipsImage *hush_vips_open(const void *buffer, size_t length);

/// A copy of the image in `buffer` at most `width` pixels wide, never larger than the original: shrunk while
/// it loads (JPEG and WebP decode at 1/2, 1/4, 1/8 directly), turned upright by its EXIF
/// orientation, imported through its ICC profile (if any) and exported to sRGB; only the
/// first frame of an animation or a multi-page file. A truncated file fails.
int hush_vips_thumbnail(const void *buffer, size_t length, VipsImage **out, int width);

/// `in` at most `width` pixels wide (never larger), from an image already upright and sRGB.
int hush_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width);

/// `in` on a white background, without its alpha channel (for JPEG, which has none).
int hush_vips_flatten_white(VipsImage *in, VipsImage **out);

/// `in` as 8-bit sRGB (a 16-bit PNG, a grey one): what WebP and JPEG hold.
int hush_vips_srgb8(VipsImage *in, VipsImage **out);

/// WebP bytes without any metadata (`strip`: no EXIF, XMP, ICC).
int hush_vips_webp(VipsImage *in, void **buffer, size_t *length, int quality);

/// Progressive JPEG bytes without any metadata (`strip`: no EXIF, XMP, IPTC, ICC, comment,
/// thumbnail).
int hush_vips_jpeg(VipsImage *in, void **buffer, size_t *length, int quality);

int hush_vips_width(VipsImage *image);
int hush_vips_height(VipsImage *image);
int hush_vips_bands(VipsImage *image);
int hush_vips_orientation(VipsImage *image);
int hush_vips_has_alpha(VipsImage *image);

/// The pixels of `in`, in memory libvips allocated (`hush_vips_free` it).
void *hush_vips_pixels(VipsImage *in, size_t *size);

/// An 8-bit image made from a copy of bare pixels: no metadata at all.
VipsImage *hush_vips_from_pixels(const void *data, size_t size, int width, int height, int bands);

void hush_vips_ref(VipsImage *image);
void hush_vips_unref(VipsImage *image);
void hush_vips_free(void *memory);

#endif
