/* src/doc/pdf_stamp.c: see pdf_stamp.h. */
#include "pdf_stamp.h"
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#define STAMP_FONT "Noto Sans CJK SC"

struct sink {
  struct buf *out;
  size_t start;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length) {
  struct sink *s = closure;
  buf_append(s->out, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The watermark over a page of w × h points: text in light grey, turned 30°, in rows that
** cover the page, and once level in the top margin (where text extraction reads it whole). */
static void stamp_page(cairo_t *cr, double w, double h, const char *text) {
  PangoLayout *l = pango_cairo_create_layout(cr);
  PangoFontDescription *f = pango_font_description_new();
  pango_font_description_set_family(f, STAMP_FONT);
  pango_font_description_set_absolute_size(f, 16 * PANGO_SCALE);
  pango_layout_set_font_description(l, f);
  pango_font_description_free(f);
  pango_layout_set_text(l, text, -1);
  int tw, th;
  pango_layout_get_pixel_size(l, &tw, &th);
  double step_x = tw + 80, step_y = th + 110, diag = sqrt(w * w + h * h);
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0.45, 0.45, 0.45, 0.28);
  cairo_translate(cr, w / 2, h / 2);
  cairo_rotate(cr, -M_PI / 6);
  for (double y = -diag / 2; y < diag / 2; y += step_y)
    for (double x = -diag / 2 + fmod(y + diag, 2 * step_x) / 2; x < diag / 2; x += step_x) {
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, l);
    }
  cairo_restore(cr);
  pango_font_description_set_absolute_size(f = pango_font_description_new(), 9 * PANGO_SCALE);
  pango_font_description_set_family(f, STAMP_FONT);
  pango_layout_set_font_description(l, f);
  pango_font_description_free(f);
  pango_layout_get_pixel_size(l, &tw, &th);
  cairo_save(cr);
  cairo_set_source_rgba(cr, 0.45, 0.45, 0.45, 0.6);
  cairo_move_to(cr, (w - tw) / 2, 8);
  pango_cairo_show_layout(cr, l);
  cairo_restore(cr);
  g_object_unref(l);
}

bool pdf_stamp(const void *data, size_t len, const char *text, struct buf *out, const char **zh,
               const char **en) {
  *zh = "文件不是可以读取的 PDF";
  *en = "The file is not a PDF that can be read";
  if (!data || len < 8 || len > (size_t)INT32_MAX) return false;
  GBytes *bytes = g_bytes_new_static(data, len);
  GError *gerr = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
  g_bytes_unref(bytes);
  if (!doc) {
    if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED) {
      *zh = "PDF 设有打开密码，无法加水印";
      *en = "The PDF is protected by a password and cannot be stamped";
    }
    if (gerr) g_error_free(gerr);
    return false;
  }
  int n = poppler_document_get_n_pages(doc);
  if (n < 1 || n > PDF_STAMP_MAX_PAGES) {
    *zh = "PDF 没有页面或页数过多";
    *en = "The PDF has no pages or too many";
    g_object_unref(doc);
    return false;
  }
  struct sink s = {out, out->len};
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  bool ok = true;
  for (int i = 0; i < n && ok; i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (!page) {
      ok = false;
      break;
    }
    double w, h;
    poppler_page_get_size(page, &w, &h);
    if (!(w > 1 && h > 1 && w < 14400 && h < 14400)) w = 595.276, h = 841.89;
    if (!surface) {
      surface = cairo_pdf_surface_create_for_stream(write_cb, &s, w, h);
      cr = cairo_create(surface);
    } else
      cairo_pdf_surface_set_size(surface, w, h);
    cairo_save(cr);
    poppler_page_render_for_printing(page, cr);
    cairo_restore(cr);
    stamp_page(cr, w, h, text);
    cairo_show_page(cr);
    ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    g_object_unref(page);
  }
  if (cr) cairo_destroy(cr);
  if (surface) {
    cairo_surface_finish(surface);
    ok = ok && cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(surface);
  }
  g_object_unref(doc);
  if (!ok) {
    out->len = s.start;
    *zh = "无法生成加水印的 PDF";
    *en = "Cannot make the stamped PDF";
  }
  return ok;
}
