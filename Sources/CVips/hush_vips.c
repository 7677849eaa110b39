// libvips, loaded when the first image needs it: see include/CVips.h.
#include "CVips.h"

#include <dlfcn.h>
#include <string.h>

// The values hush passes, as libvips 8 defines them (the library is libvips.so.42).
enum {
    ACCESS_SEQUENTIAL = 1,       // VipsAccess
    SIZE_DOWN = 2,               // VipsSize
    FAIL_ON_TRUNCATED = 1,       // VipsFailOn
    INTERPRETATION_SRGB = 22,    // VipsInterpretation
    FORMAT_UCHAR = 0,            // VipsBandFormat
    MAX_COORD = 10000000,        // VIPS_MAX_COORD
    LOG_QUIET = 16 | 32 | 64 | 128, // G_LOG_LEVEL_WARNING | MESSAGE | INFO | DEBUG
};

/// The functions of libvips (and of GLib under it) that hush calls, looked up once.
static struct {
    int (*init)(const char *argv0);
    void (*cache_set_max)(int max);
    void (*cache_set_max_mem)(size_t max);
    void (*error_clear)(void);
    const char *(*error_buffer)(void);
    const char *(*foreign_find_load_buffer)(const void *data, size_t size);
    VipsImage *(*image_new_from_buffer)(const void *buf, size_t len, const char *option_string, ...);
    int (*thumbnail_buffer)(void *buf, size_t len, VipsImage **out, int width, ...);
    int (*thumbnail_image)(VipsImage *in, VipsImage **out, int width, ...);
    void *(*array_double_new)(const double *array, int n);
    void (*area_unref)(void *area);
    int (*flatten)(VipsImage *in, VipsImage **out, ...);
    int (*colourspace)(VipsImage *in, VipsImage **out, int space, ...);
    int (*cast)(VipsImage *in, VipsImage **out, int format, ...);
    int (*webpsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    int (*jpegsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    int (*image_get_width)(const VipsImage *image);
    int (*image_get_height)(const VipsImage *image);
    int (*image_get_bands)(const VipsImage *image);
    int (*image_get_orientation)(VipsImage *image);
    int (*image_hasalpha)(VipsImage *image);
    void *(*image_write_to_memory)(VipsImage *in, size_t *size);
    VipsImage *(*image_new_from_memory_copy)(const void *data, size_t size, int width, int height, int bands, int format);
    void *(*object_ref)(void *object);
    void (*object_unref)(void *object);
    void (*free)(void *memory);
    unsigned (*log_set_handler)(const char *domain, int levels, void (*handler)(const char *, int, const char *, void *), void *data);
} vips;

static char missing[512];
static int damage = 0;

static void counting_log(const char *domain, int level, const char *message, void *data) {
    (void)domain; (void)level; (void)data;
    if (message && (strstr(message, "error in tile") || strstr(message, "not enough data") || strstr(message, "truncated") || strstr(message, "Premature end") || strstr(message, "premature end"))) {
        __atomic_fetch_add(&damage, 1, __ATOMIC_SEQ_CST);
    }
}

static int fail(const char *reason) {
    strncpy(missing, reason, sizeof missing - 1);
    return -1;
}

int hush_vips_start(void) {
#ifdef __APPLE__
    void *library = dlopen("libvips.42.dylib", RTLD_NOW | RTLD_LOCAL);
#else
    void *library = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
#endif
    if (!library) {
        const char *reason = dlerror();
        return fail(reason ? reason : "libvips.so.42 was not found");
    }
    // Each name in libvips or in a library under it (GLib's are found through libvips).
#define FIND(field, name) \
    if (!(*(void **)&vips.field = dlsym(library, name))) return fail("libvips has no " name);
    FIND(init, "vips_init")
    FIND(cache_set_max, "vips_cache_set_max")
    FIND(cache_set_max_mem, "vips_cache_set_max_mem")
    FIND(error_clear, "vips_error_clear")
    FIND(error_buffer, "vips_error_buffer")
    FIND(foreign_find_load_buffer, "vips_foreign_find_load_buffer")
    FIND(image_new_from_buffer, "vips_image_new_from_buffer")
    FIND(thumbnail_buffer, "vips_thumbnail_buffer")
    FIND(thumbnail_image, "vips_thumbnail_image")
    FIND(array_double_new, "vips_array_double_new")
    FIND(area_unref, "vips_area_unref")
    FIND(flatten, "vips_flatten")
    FIND(colourspace, "vips_colourspace")
    FIND(cast, "vips_cast")
    FIND(webpsave_buffer, "vips_webpsave_buffer")
    FIND(jpegsave_buffer, "vips_jpegsave_buffer")
    FIND(image_get_width, "vips_image_get_width")
    FIND(image_get_height, "vips_image_get_height")
    FIND(image_get_bands, "vips_image_get_bands")
    FIND(image_get_orientation, "vips_image_get_orientation")
    FIND(image_hasalpha, "vips_image_hasalpha")
    FIND(image_write_to_memory, "vips_image_write_to_memory")
    FIND(image_new_from_memory_copy, "vips_image_new_from_memory_copy")
    FIND(object_ref, "g_object_ref")
    FIND(object_unref, "g_object_unref")
    FIND(free, "g_free")
    FIND(log_set_handler, "g_log_set_handler")
#undef FIND
    if (vips.init("hush") != 0) return fail("vips_init failed");
    vips.log_set_handler("VIPS", LOG_QUIET, counting_log, NULL);
    vips.cache_set_max(0);
    vips.cache_set_max_mem(0);
    return 0;
}

const char *hush_vips_missing_reason(void) { return missing; }

int hush_vips_damage_count(void) { return __atomic_load_n(&damage, __ATOMIC_SEQ_CST); }

void hush_vips_error_clear(void) { vips.error_clear(); }

const char *hush_vips_error(void) {
    const char *text = vips.error_buffer();
    return text ? text : "";
}

const char *hush_vips_loader(const void *buffer, size_t length) { return vips.foreign_find_load_buffer(buffer, length); }

VipsImage *hush_vips_open(const void *buffer, size_t length) {
    return vips.image_new_from_buffer(buffer, length, "", "access", ACCESS_SEQUENTIAL, "fail", 1, NULL);
}

int hush_vips_thumbnail(const void *buffer, size_t length, VipsImage **out, int width) {
    return vips.thumbnail_buffer((void *)buffer, length, out, width, "height", MAX_COORD, "size", SIZE_DOWN, "fail_on", FAIL_ON_TRUNCATED, NULL);
}

int hush_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width) {
    return vips.thumbnail_image(in, out, width, "height", MAX_COORD, "size", SIZE_DOWN, NULL);
}

int hush_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    void *background = vips.array_double_new(white, 3);
    int result = vips.flatten(in, out, "background", background, NULL);
    vips.area_unref(background);
    return result;
}

int hush_vips_srgb8(VipsImage *in, VipsImage **out) {
    VipsImage *srgb = NULL;
    if (vips.colourspace(in, &srgb, INTERPRETATION_SRGB, NULL)) return -1;
    int result = vips.cast(srgb, out, FORMAT_UCHAR, NULL);
    vips.object_unref(srgb);
    return result;
}

int hush_vips_webp(VipsImage *in, void **buffer, size_t *length, int quality) {
    return vips.webpsave_buffer(in, buffer, length, "Q", quality, "strip", 1, "effort", 4, NULL);
}

int hush_vips_jpeg(VipsImage *in, void **buffer, size_t *length, int quality) {
    return vips.jpegsave_buffer(in, buffer, length, "Q", quality, "strip", 1, "optimize_coding", 1, "interlace", 1, NULL);
}

int hush_vips_width(VipsImage *image) { return vips.image_get_width(image); }
int hush_vips_height(VipsImage *image) { return vips.image_get_height(image); }
int hush_vips_bands(VipsImage *image) { return vips.image_get_bands(image); }
int hush_vips_orientation(VipsImage *image) { return vips.image_get_orientation(image); }
int hush_vips_has_alpha(VipsImage *image) { return vips.image_hasalpha(image); }

void *hush_vips_pixels(VipsImage *in, size_t *size) { return vips.image_write_to_memory(in, size); }

VipsImage *hush_vips_from_pixels(const void *data, size_t size, int width, int height, int bands) {
    return vips.image_new_from_memory_copy(data, size, width, height, bands, FORMAT_UCHAR);
}

void hush_vips_ref(VipsImage *image) { vips.object_ref(image); }
void hush_vips_unref(VipsImage *image) { vips.object_unref(image); }
void hush_vips_free(void *memory) { vips.free(memory); }
