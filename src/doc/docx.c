/* src/doc/docx.c: Word documents (see docx.h). document.xml is built as text; every piece of
** user text passes through esc() (XML escapes, control characters dropped). Sizes are in
** half-points, lengths in twentieths of a point (twips). */
#include "docx.h"
#include <stdlib.h>
#include <string.h>
#include "base/zip.h"

#define TEXT_W 8844 /* A4 11906 twips less the margins 1588 + 1474 */
#define RED    "C00000"

struct docx {
  struct buf body;
};

/* Appends s with &, <, > and " escaped and the control characters XML forbids dropped. */
static void esc(struct buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '&')
      buf_puts(b, "&amp;");
    else if (c == '<')
      buf_puts(b, "&lt;");
    else if (c == '>')
      buf_puts(b, "&gt;");
    else if (c == '"')
      buf_puts(b, "&quot;");
    else if (c < 0x20 && c != '\t')
      continue;
    else
      buf_putc(b, (char)c);
  }
}

struct docx *docx_open(void) {
  return calloc(1, sizeof(struct docx));
}

/* A run of text in font (East Asian and Latin alike), size (half-points), bold, colour (NULL:
** black). */
static void run(struct docx *d, const char *text, size_t n, const char *font, int size, bool bold,
                const char *color) {
  buf_printf(&d->body, "<w:r><w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\"/>%s",
             font, font, font, bold ? "<w:b/>" : "");
  if (color) buf_printf(&d->body, "<w:color w:val=\"%s\"/>", color);
  buf_printf(&d->body, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr>", size, size);
  buf_puts(&d->body, "<w:t xml:space=\"preserve\">");
  esc(&d->body, text ? text : "", text ? n : 0);
  buf_puts(&d->body, "</w:t></w:r>");
}

/* A whole paragraph of one run; jc is "center", "both" or "left"; indent in twips (first line);
** after: spacing after, in twips. */
static void para(struct docx *d, const char *text, size_t n, const char *font, int size, bool bold,
                 const char *color, const char *jc, int indent, int after) {
  buf_printf(&d->body, "<w:p><w:pPr><w:spacing w:after=\"%d\" w:line=\"%d\" w:lineRule=\"auto\"/>",
             after, size >= 40 ? 240 : 360);
  if (indent) buf_printf(&d->body, "<w:ind w:firstLine=\"%d\"/>", indent);
  buf_printf(&d->body, "<w:jc w:val=\"%s\"/></w:pPr>", jc);
  run(d, text, n, font, size, bold, color);
  buf_puts(&d->body, "</w:p>");
}

void docx_masthead(struct docx *d, const char *masthead, const char *issue, const char *left,
                   const char *right) {
  para(d, masthead, strlen(masthead ? masthead : ""), "宋体", 96, true, RED, "center", 0, 120);
  if (issue && *issue) para(d, issue, strlen(issue), "仿宋", 32, false, NULL, "center", 0, 120);
  docx_line_lr(d, left, right);
  buf_printf(&d->body,
             "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"24\" w:space=\"1\" "
             "w:color=\"%s\"/></w:pBdr><w:spacing w:after=\"240\"/></w:pPr></w:p>",
             RED);
}

void docx_title(struct docx *d, const char *text) {
  para(d, text, strlen(text ? text : ""), "宋体", 44, true, NULL, "center", 0, 240);
}

void docx_subtitle(struct docx *d, const char *text) {
  para(d, text, strlen(text ? text : ""), "楷体", 32, false, NULL, "center", 0, 240);
}

void docx_heading(struct docx *d, const char *text) {
  para(d, text, strlen(text ? text : ""), "黑体", 32, false, NULL, "left", 0, 120);
}

void docx_para(struct docx *d, const char *text) {
  const char *p = text ? text : "";
  do {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n) para(d, p, n, "仿宋", 32, false, NULL, "both", 640, 0);
    p = nl ? nl + 1 : NULL;
  } while (p);
}

void docx_field(struct docx *d, const char *label, const char *value) {
  buf_puts(&d->body, "<w:p><w:pPr><w:spacing w:after=\"60\"/></w:pPr>");
  run(d, label, strlen(label ? label : ""), "黑体", 28, false, NULL);
  run(d, "：", strlen("："), "黑体", 28, false, NULL);
  const char *v = value && *value ? value : "—";
  run(d, v, strlen(v), "仿宋", 28, false, NULL);
  buf_puts(&d->body, "</w:p>");
}

void docx_rule(struct docx *d, bool red) {
  buf_printf(&d->body,
             "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"%d\" w:space=\"1\" "
             "w:color=\"%s\"/></w:pBdr><w:spacing w:after=\"0\"/></w:pPr></w:p>",
             red ? 24 : 8, red ? RED : "000000");
}

void docx_line_lr(struct docx *d, const char *left, const char *right) {
  buf_printf(&d->body,
             "<w:p><w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"%d\"/></w:tabs>"
             "<w:spacing w:after=\"60\"/></w:pPr>",
             TEXT_W);
  if (left) run(d, left, strlen(left), "仿宋", 28, false, NULL);
  buf_puts(&d->body, "<w:r><w:tab/></w:r>");
  if (right) run(d, right, strlen(right), "仿宋", 28, false, NULL);
  buf_puts(&d->body, "</w:p>");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"仿宋\" w:hAnsi=\"仿宋\" "
    "w:eastAsia=\"仿宋\"/><w:sz w:val=\"32\"/><w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\"/>"
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
    "</w:style></w:styles>";

bool docx_finish(struct docx *d, struct buf *out) {
  struct buf doc = {0};
  buf_puts(&doc,
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
           "<w:body>");
  if (d->body.len) buf_append(&doc, d->body.data, d->body.len);
  buf_puts(&doc,
           "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
           "w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" "
           "w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
  struct zip z = {0};
  zip_add(&z, "[Content_Types].xml", content_types, strlen(content_types));
  zip_add(&z, "_rels/.rels", package_rels, strlen(package_rels));
  zip_add(&z, "word/_rels/document.xml.rels", document_rels, strlen(document_rels));
  zip_add(&z, "word/document.xml", doc.data, doc.len);
  zip_add(&z, "word/styles.xml", styles, strlen(styles));
  bool ok = zip_finish(&z, out);
  buf_free(&doc);
  buf_free(&d->body);
  free(d);
  return ok;
}
