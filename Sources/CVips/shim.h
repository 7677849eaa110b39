// libvips (Debian's libvips-dev) for HushImages/Vips.swift, its only reader. libvips takes
// its options as variadic, NULL-terminated name/value lists, which Swift cannot call: each
// call hush makes is a fixed, non-variadic inline function here. No other option is passed.
#include <vips/vips.h>

#include <string.h>

/// How many of libvips' warnings said the pixels were damaged (a truncated file, a tile that
/// failed to decode): libvips then paints the missing part black and goes on, so a warning
/// is the only sign. Counted from any of libvips' threads.
static int hush_vips_damage = 0;

static inline void hush_vips_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)data;
    if (message && (strstr(message, "error in tile") || strstr(message, "not enough data") || strstr(message, "truncated") || strstr(message, "Premature end") || strstr(message, "premature end"))) {
        __atomic_fetch_add(&hush_vips_damage, 1, __ATOMIC_SEQ_CST);
    }
}

/// libvips' warnings go to standard error through GLib's log; hush counts those that mean
/// damage (`hush_vips_damage_count`) and says what matters in its own diagnostics.
static inline void hush_vips_quiet(void) {
    g_log_set_handler("VIPS", (GLogLevelFlags)(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG), hush_vips_log, NULL);
}

static inline int hush_vips_damage_count(void) {
    return __atomic_load_n(&hush_vips_damage, __ATOMIC_SEQ_CST);
}

/// The image in `buffer`, read lazily: only its header until something asks for pixels,
/// which are then decoded top to bottom (sequential); a damaged file fails, never guessed.
static inline VipsImage *hush_vips_open(const void *buffer, size_t length) {
    return vips_image_new_from_buffer(buffer, length, "", "access", VIPS_ACCESS_SEQUENTIAL, "fail", TRUE, NULL);
}

/// A copy of the image in `buffer` at most `width` pixels wide, never larger than the original: shrunk while
/// it loads (JPEG and WebP decode at 1/2, 1/4, 1/8 directly), turned upright by its EXIF
/// orientation, imported through its ICC profile (if any) and exported to sRGB; only the
/// first frame of an animation or a multi-page file. A truncated file fails.
static inline int hush_vips_thumbnail(const void *buffer, size_t length, VipsImage **out, int width) {
    return vips_thumbnail_buffer((void *)buffer, length, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
}

/// `in` at most `width` pixels wide (never larger), from an image already upright and sRGB.
static inline int hush_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width) {
    return vips_thumbnail_image(in, out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL);
}

/// `in` on a white background, without its alpha channel (for JPEG, which has none).
static inline int hush_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    VipsArrayDouble *background = vips_array_double_new(white, 3);
    int result = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

/// `in` as 8-bit sRGB (a 16-bit PNG, a grey one): what WebP and JPEG hold.
static inline int hush_vips_srgb8(VipsImage *in, VipsImage **out) {
    VipsImage *srgb = NULL;
    if (vips_colourspace(in, &srgb, VIPS_INTERPRETATION_sRGB, NULL)) return -1;
    int result = vips_cast(srgb, out, VIPS_FORMAT_UCHAR, NULL);
    g_object_unref(srgb);
    return result;
}

/// WebP bytes without any metadata (`strip`: no EXIF, XMP, ICC).
static inline int hush_vips_webp(VipsImage *in, void **buffer, size_t *length, int quality) {
    return vips_webpsave_buffer(in, buffer, length, "Q", quality, "strip", TRUE, "effort", 4, NULL);
}

/// Progressive JPEG bytes without any metadata (`strip`: no EXIF, XMP, IPTC, ICC, comment,
/// thumbnail).
static inline int hush_vips_jpeg(VipsImage *in, void **buffer, size_t *length, int quality) {
    return vips_jpegsave_buffer(in, buffer, length, "Q", quality, "strip", TRUE, "optimize_coding", TRUE, "interlace", TRUE, NULL);
}
