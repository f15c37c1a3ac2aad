/* src/doc/pdf_stamp.c: see pdf_stamp.h. */
#include "pdf_stamp.h"
#include <cairo-pdf.h>
#include <math.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <poll.h>
#include <poppler.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* The reasons pdf_stamp gives, so that the child names its own by an index. */
static const char *const reasons[][2] = {
    {"文件不是可以读取的 PDF", "The file is not a PDF that can be read"},
    {"PDF 设有打开密码，无法加水印", "The PDF is protected by a password and cannot be stamped"},
    {"PDF 没有页面或页数过多", "The PDF has no pages or too many"},
    {"无法生成加水印的 PDF", "Cannot make the stamped PDF"},
};

/* Writes all of data to fd; false when the reader is gone. */
static bool write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t k = write(fd, p, len);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k, len -= (size_t)k;
  }
  return true;
}

bool pdf_stamp_isolated(const void *data, size_t len, const char *text, struct buf *out,
                        const char **zh, const char **en, int seconds) {
  *zh = "处理 PDF 时出错，请确认文件完好后重新上传";
  *en = "The PDF could not be processed; check the file and upload it again";
  int fds[2];
  if (pipe(fds) != 0) return false;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]), close(fds[1]);
    return false;
  }
  if (pid == 0) { /* the child: stamp, send a status byte and the PDF, and end */
    close(fds[0]);
    struct buf b = {0};
    const char *z, *e;
    bool ok = pdf_stamp(data, len, text, &b, &z, &e);
    char status = 'O';
    for (size_t i = 0; !ok && i < sizeof reasons / sizeof reasons[0]; i++)
      if (!strcmp(z, reasons[i][0])) status = (char)('0' + i);
    if (!ok && status == 'O') status = '0';
    bool sent = write_all(fds[1], &status, 1) && (!ok || write_all(fds[1], b.data, b.len));
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  size_t start = out->len;
  char status = 0;
  bool got_status = false, timed_out = false;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (;;) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long left =
        (long)seconds * 1000 - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
    if (left <= 0) {
      timed_out = true;
      break;
    }
    struct pollfd pf = {fds[0], POLLIN, 0};
    int r = poll(&pf, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      timed_out = r == 0;
      break;
    }
    char chunk[65536];
    ssize_t k = read(fds[0], chunk, sizeof chunk);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    size_t off = 0;
    if (!got_status) status = chunk[0], got_status = true, off = 1;
    buf_append(out, chunk + off, (size_t)k - off);
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  bool ok = !timed_out && got_status && status == 'O' && WIFEXITED(ws) && WEXITSTATUS(ws) == 0;
  if (!ok) {
    out->len = start;
    if (timed_out) {
      *zh = "PDF 处理超时，文件可能过大或已损坏";
      *en = "Processing the PDF took too long; the file may be too large or damaged";
    } else if (got_status && status >= '0' &&
               status < '0' + (int)(sizeof reasons / sizeof reasons[0]) && WIFEXITED(ws)) {
      *zh = reasons[status - '0'][0];
      *en = reasons[status - '0'][1];
    }
  }
  return ok;
}
