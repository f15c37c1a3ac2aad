/* src/doc/doc.c: one document, two writers (see doc.h). */
#include "doc.h"
#include <stdlib.h>
#include "docx.h"
#include "pdf.h"

struct doc {
  enum doc_format f;
  struct pdf *pdf;
  struct docx *docx;
};

struct doc *doc_open(enum doc_format f) {
  struct doc *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->f = f;
  if (f == DOC_PDF)
    d->pdf = pdf_open(NULL);
  else
    d->docx = docx_open();
  if (!d->pdf && !d->docx) {
    free(d);
    return NULL;
  }
  return d;
}

void doc_masthead(struct doc *d, const char *masthead, const char *issue, const char *left,
                  const char *right) {
  if (d->pdf)
    pdf_masthead(d->pdf, masthead, issue, left, right);
  else
    docx_masthead(d->docx, masthead, issue, left, right);
}

void doc_title(struct doc *d, const char *text) {
  if (d->pdf)
    pdf_title(d->pdf, text);
  else
    docx_title(d->docx, text);
}

void doc_subtitle(struct doc *d, const char *text) {
  if (d->pdf)
    pdf_subtitle(d->pdf, text);
  else
    docx_subtitle(d->docx, text);
}

void doc_heading(struct doc *d, const char *text) {
  if (d->pdf)
    pdf_heading(d->pdf, text);
  else
    docx_heading(d->docx, text);
}

void doc_para(struct doc *d, const char *text) {
  if (d->pdf)
    pdf_para(d->pdf, text);
  else
    docx_para(d->docx, text);
}

void doc_field(struct doc *d, const char *label, const char *value) {
  if (d->pdf)
    pdf_field(d->pdf, label, value);
  else
    docx_field(d->docx, label, value);
}

void doc_rule(struct doc *d, bool red) {
  if (d->pdf)
    pdf_rule(d->pdf, red);
  else
    docx_rule(d->docx, red);
}

void doc_line_lr(struct doc *d, const char *left, const char *right) {
  if (d->pdf)
    pdf_line_lr(d->pdf, left, right);
  else
    docx_line_lr(d->docx, left, right);
}

bool doc_finish(struct doc *d, struct buf *out) {
  bool ok = d->pdf ? pdf_finish(d->pdf, out) : docx_finish(d->docx, out);
  free(d);
  return ok;
}

const char *doc_content_type(enum doc_format f) {
  return f == DOC_PDF ? "application/pdf"
                      : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}

const char *doc_extension(enum doc_format f) { return f == DOC_PDF ? "pdf" : "docx"; }
