/* src/doc/pdf.c: Chinese A4 documents with Pango and Cairo (see pdf.h). Coordinates are
** points from the top left of the page; y is where the next block starts, and a block that
** does not fit on the page moves to a new one. */
#include "pdf.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W        595.28
#define PAGE_H        841.89
#define MARGIN_X      72.0
#define MARGIN_TOP    64.0
#define MARGIN_BOTTOM 72.0
#define BODY_W        (PAGE_W - 2 * MARGIN_X)
#define SERIF         "Noto Serif CJK SC"
#define SANS          "Noto Sans CJK SC"

struct pdf {
  cairo_surface_t *surface;
  cairo_t *cr;
  struct buf bytes;
  double y;
  int page;
  bool failed;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length) {
  struct pdf *d = closure;
  buf_append(&d->bytes, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *layout(struct pdf *d, const char *family, double size, bool bold, double width,
                           PangoAlignment align) {
  PangoLayout *l = pango_cairo_create_layout(d->cr);
  PangoFontDescription *f = pango_font_description_new();
  pango_font_description_set_family(f, family);
  pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(l, f);
  pango_font_description_free(f);
  pango_layout_set_width(l, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(l, align);
  PangoLanguage *zh = pango_language_from_string("zh-cn");
  PangoAttrList *attrs = pango_attr_list_new();
  pango_attr_list_insert(attrs, pango_attr_language_new(zh));
  pango_layout_set_attributes(l, attrs);
  pango_attr_list_unref(attrs);
  return l;
}

static double height(PangoLayout *l) {
  int w, h;
  pango_layout_get_size(l, &w, &h);
  return (double)h / PANGO_SCALE;
}

static void footer(struct pdf *d) {
  char text[32];
  snprintf(text, sizeof text, "第 %d 页", d->page);
  PangoLayout *l = layout(d, SERIF, 9, false, BODY_W, PANGO_ALIGN_CENTER);
  pango_layout_set_text(l, text, -1);
  cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
  cairo_move_to(d->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 24);
  pango_cairo_show_layout(d->cr, l);
  g_object_unref(l);
  cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static void new_page(struct pdf *d) {
  footer(d);
  cairo_show_page(d->cr);
  d->page++;
  d->y = MARGIN_TOP;
}

/* Makes room for a block of h points, on a new page if need be. */
static void room(struct pdf *d, double h) {
  if (d->y + h > PAGE_H - MARGIN_BOTTOM && d->y > MARGIN_TOP) new_page(d);
}

/* Shows a layout at the left margin plus x, at y, moving y down; a layout taller than a page is
** shown line by line across pages. */
static void show(struct pdf *d, PangoLayout *l, double x, double after) {
  double h = height(l);
  if (h <= PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) {
    room(d, h);
    cairo_move_to(d->cr, MARGIN_X + x, d->y);
    pango_cairo_show_layout(d->cr, l);
    d->y += h + after;
    return;
  }
  PangoLayoutIter *it = pango_layout_get_iter(l);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    int baseline = pango_layout_iter_get_baseline(it);
    double lh = (double)logical.height / PANGO_SCALE;
    room(d, lh);
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    cairo_move_to(d->cr, MARGIN_X + x + (double)logical.x / PANGO_SCALE,
                  d->y + (double)(baseline - logical.y) / PANGO_SCALE);
    pango_cairo_show_layout_line(d->cr, line);
    d->y += lh;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  d->y += after;
}

struct pdf *pdf_open(const char *heading) {
  struct pdf *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->surface = cairo_pdf_surface_create_for_stream(write_cb, d, PAGE_W, PAGE_H);
  if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(d->surface);
    free(d);
    return NULL;
  }
  d->cr = cairo_create(d->surface);
  d->page = 1;
  d->y = MARGIN_TOP;
  if (heading && *heading) {
    PangoLayout *l = layout(d, SERIF, 26, true, BODY_W, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, heading, -1);
    cairo_set_source_rgb(d->cr, 0.8, 0.05, 0.05);
    show(d, l, 0, 8);
    g_object_unref(l);
    cairo_set_line_width(d->cr, 2);
    cairo_move_to(d->cr, MARGIN_X, d->y);
    cairo_line_to(d->cr, PAGE_W - MARGIN_X, d->y);
    cairo_stroke(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    d->y += 20;
  }
  return d;
}

static void text_block(struct pdf *d, const char *family, double size, bool bold,
                       PangoAlignment align, const char *text, double after) {
  PangoLayout *l = layout(d, family, size, bold, BODY_W, align);
  pango_layout_set_text(l, text ? text : "", -1);
  show(d, l, 0, after);
  g_object_unref(l);
}

void pdf_title(struct pdf *d, const char *text) {
  text_block(d, SANS, 20, true, PANGO_ALIGN_CENTER, text, 10);
}

void pdf_subtitle(struct pdf *d, const char *text) {
  text_block(d, SERIF, 11, false, PANGO_ALIGN_CENTER, text, 14);
}

void pdf_heading(struct pdf *d, const char *text) {
  room(d, 90); /* a heading keeps the start of what follows on its page */
  text_block(d, SANS, 13, true, PANGO_ALIGN_LEFT, text, 6);
}

void pdf_para(struct pdf *d, const char *text) {
  const char *p = text ? text : "";
  do {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) {
      PangoLayout *l = layout(d, SERIF, 12, false, BODY_W, PANGO_ALIGN_LEFT);
      pango_layout_set_justify(l, TRUE);
      pango_layout_set_indent(l, 24 * PANGO_SCALE);
      pango_layout_set_spacing(l, 4 * PANGO_SCALE);
      pango_layout_set_text(l, p, (int)n);
      show(d, l, 0, 6);
      g_object_unref(l);
    }
    p = nl ? nl + 1 : NULL;
  } while (p);
}

void pdf_field(struct pdf *d, const char *label, const char *value) {
  PangoLayout *k = layout(d, SANS, 11, true, 110, PANGO_ALIGN_LEFT);
  PangoLayout *v = layout(d, SERIF, 11, false, BODY_W - 110, PANGO_ALIGN_LEFT);
  char lab[200];
  snprintf(lab, sizeof lab, "%s：", label);
  pango_layout_set_text(k, lab, -1);
  pango_layout_set_text(v, value && *value ? value : "—", -1);
  double h = height(v) > height(k) ? height(v) : height(k);
  room(d, h);
  cairo_move_to(d->cr, MARGIN_X, d->y);
  pango_cairo_show_layout(d->cr, k);
  cairo_move_to(d->cr, MARGIN_X + 110, d->y);
  pango_cairo_show_layout(d->cr, v);
  d->y += h + 4;
  g_object_unref(k);
  g_object_unref(v);
}

/* One row of a table: the cells laid out, the tallest sets the row's height, a grid drawn. */
static void table_row(struct pdf *d, int ncols, const double *w, const char *const *cells,
                      bool bold) {
  PangoLayout *ls[32];
  double h = 0;
  for (int c = 0; c < ncols && c < 32; c++) {
    ls[c] = layout(d, bold ? SANS : SERIF, 10, bold, w[c] - 8, PANGO_ALIGN_LEFT);
    pango_layout_set_text(ls[c], cells[c] ? cells[c] : "", -1);
    if (height(ls[c]) > h) h = height(ls[c]);
  }
  h += 8;
  room(d, h);
  double x = MARGIN_X;
  cairo_set_line_width(d->cr, 0.5);
  for (int c = 0; c < ncols && c < 32; c++) {
    cairo_rectangle(d->cr, x, d->y, w[c], h);
    cairo_stroke(d->cr);
    cairo_move_to(d->cr, x + 4, d->y + 4);
    pango_cairo_show_layout(d->cr, ls[c]);
    g_object_unref(ls[c]);
    x += w[c];
  }
  d->y += h;
}

void pdf_table(struct pdf *d, int ncols, const double *widths, const char *const *header,
               const char *const *cells, int nrows) {
  if (ncols < 1 || ncols > 32) return;
  double w[32], sum = 0;
  for (int c = 0; c < ncols; c++) sum += widths ? widths[c] : 1;
  for (int c = 0; c < ncols; c++) w[c] = BODY_W * (widths ? widths[c] : 1) / sum;
  /* a header is never left alone at the foot of a page: start the table on the next one */
  if (header && nrows > 0) room(d, 60);
  if (header) table_row(d, ncols, w, header, true);
  for (int r = 0; r < nrows; r++) {
    if (header && d->y + 30 > PAGE_H - MARGIN_BOTTOM) {
      new_page(d);
      table_row(d, ncols, w, header, true); /* the header again on the new page */
    }
    table_row(d, ncols, w, cells + (size_t)r * (size_t)ncols, false);
  }
  d->y += 10;
}

static void rule_at(struct pdf *d, bool red) {
  if (red) cairo_set_source_rgb(d->cr, 0.8, 0.05, 0.05);
  cairo_set_line_width(d->cr, red ? 2.5 : 0.8);
  cairo_move_to(d->cr, MARGIN_X, d->y);
  cairo_line_to(d->cr, PAGE_W - MARGIN_X, d->y);
  cairo_stroke(d->cr);
  cairo_set_source_rgb(d->cr, 0, 0, 0);
}

void pdf_rule(struct pdf *d, bool red) {
  room(d, 12);
  d->y += 4;
  rule_at(d, red);
  d->y += 8;
}

void pdf_line_lr(struct pdf *d, const char *left, const char *right) {
  PangoLayout *l = layout(d, SERIF, 12, false, BODY_W, PANGO_ALIGN_LEFT);
  PangoLayout *r = layout(d, SERIF, 12, false, BODY_W, PANGO_ALIGN_RIGHT);
  pango_layout_set_text(l, left ? left : "", -1);
  pango_layout_set_text(r, right ? right : "", -1);
  double h = height(l) > height(r) ? height(l) : height(r);
  room(d, h);
  cairo_move_to(d->cr, MARGIN_X, d->y);
  pango_cairo_show_layout(d->cr, l);
  cairo_move_to(d->cr, MARGIN_X, d->y);
  pango_cairo_show_layout(d->cr, r);
  d->y += h + 4;
  g_object_unref(l);
  g_object_unref(r);
}

void pdf_masthead(struct pdf *d, const char *masthead, const char *issue, const char *left,
                  const char *right) {
  PangoLayout *l = layout(d, SERIF, 48, true, BODY_W, PANGO_ALIGN_CENTER);
  pango_layout_set_text(l, masthead ? masthead : "", -1);
  pango_layout_set_spacing(l, 0);
  cairo_set_source_rgb(d->cr, 0.8, 0.05, 0.05);
  show(d, l, 0, 10);
  cairo_set_source_rgb(d->cr, 0, 0, 0);
  g_object_unref(l);
  if (issue && *issue) text_block(d, SERIF, 14, false, PANGO_ALIGN_CENTER, issue, 16);
  pdf_line_lr(d, left, right);
  d->y += 2;
  rule_at(d, true);
  d->y += 24;
}

void pdf_space(struct pdf *d, double points) { d->y += points; }

bool pdf_finish(struct pdf *d, struct buf *out) {
  footer(d);
  cairo_show_page(d->cr);
  cairo_destroy(d->cr);
  cairo_surface_finish(d->surface);
  bool ok = cairo_surface_status(d->surface) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(d->surface);
  if (ok) buf_append(out, d->bytes.data, d->bytes.len);
  buf_free(&d->bytes);
  free(d);
  return ok;
}
