/* src/doc/doc.h: a document written once and rendered either as PDF (doc/pdf) or as Word
** (doc/docx), for papers an office both prints and edits further: bulletins, digests. The calls
** are those the two writers share. */
#ifndef LVZHI_DOC_H
#define LVZHI_DOC_H
#include <stdbool.h>
#include "base/buf.h"

enum doc_format { DOC_PDF, DOC_DOCX };

struct doc;

/* Starts an empty document (no heading) in format f; NULL when the writer cannot start. */
struct doc *doc_open(enum doc_format f);

/* As pdf_masthead / docx_masthead, pdf_title ... of the writers. */
void doc_masthead(struct doc *d, const char *masthead, const char *issue, const char *left,
                  const char *right);
void doc_title(struct doc *d, const char *text);
void doc_subtitle(struct doc *d, const char *text);
void doc_heading(struct doc *d, const char *text);
void doc_para(struct doc *d, const char *text);
void doc_field(struct doc *d, const char *label, const char *value);
void doc_rule(struct doc *d, bool red);
void doc_line_lr(struct doc *d, const char *left, const char *right);

/* Ends the document, appends its bytes to out and frees d. False when the writer failed. */
bool doc_finish(struct doc *d, struct buf *out);

/* The MIME type and the file extension (without the dot) of format f. */
const char *doc_content_type(enum doc_format f);
const char *doc_extension(enum doc_format f);

#endif
