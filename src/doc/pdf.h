/* src/doc/pdf.h: A4 PDF documents in Chinese, typeset by Pango (line breaking by the rules of
** the language, Noto CJK fonts) onto Cairo's PDF surface: a red committee heading on the first
** page in the manner of official documents, titles, headings, paragraphs, label/value rows and
** simple tables, page numbers, and the bytes in a buffer. One document per call; not shared
** between threads. */
#ifndef LVZHI_PDF_H
#define LVZHI_PDF_H
#include <stdbool.h>
#include "base/buf.h"

struct pdf;

/* Starts a document whose first page carries heading (e.g. "甘肃省政协") in red above a red
** rule, and whose pages are numbered "第 n 页" at the foot. NULL when Cairo cannot start. */
struct pdf *pdf_open(const char *heading);

/* The document's title, centred and large. */
void pdf_title(struct pdf *d, const char *text);

/* A line centred under the title (e.g. a number and a date), smaller. */
void pdf_subtitle(struct pdf *d, const char *text);

/* A section heading, bold. */
void pdf_heading(struct pdf *d, const char *text);

/* A paragraph, justified, first line indented by two characters; newlines start new paragraphs. */
void pdf_para(struct pdf *d, const char *text);

/* A row "label：value" with the label bold; the value wraps under itself. */
void pdf_field(struct pdf *d, const char *label, const char *value);

/* A table of ncols columns with relative widths (NULL: equal), a bold header row, and rows
** given as ncols strings each, row after row (cells wrap; a row never splits across pages). */
void pdf_table(struct pdf *d, int ncols, const double *widths, const char *const *header,
               const char *const *cells, int nrows);

/* The masthead of a bulletin under a document opened with no heading: masthead in large red
** type (e.g. "社情民意"), the issue line under it ("2026年第3期"), left and right on one line
** (the editor and the date), and a thick red rule. */
void pdf_masthead(struct pdf *d, const char *masthead, const char *issue, const char *left,
                  const char *right);

/* A horizontal rule across the text width, red and thick or black and thin. */
void pdf_rule(struct pdf *d, bool red);

/* One line with left at the left margin and right flush with the right margin. */
void pdf_line_lr(struct pdf *d, const char *left, const char *right);

/* Vertical space in points. */
void pdf_space(struct pdf *d, double points);

/* Ends the document and appends its bytes to out; frees d. Returns false when Cairo failed. */
bool pdf_finish(struct pdf *d, struct buf *out);

#endif
