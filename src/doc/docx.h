/* src/doc/docx.h: Word documents (.docx, Office Open XML) in Chinese, for files the offices
** edit further: a red masthead in the manner of bulletins, titles, paragraphs indented by two
** characters, label/value rows, rules and left/right lines, on A4 with the margins of official
** documents (GB/T 9704). Fonts are named as Word on a Chinese system has them (宋体, 仿宋, 黑体).
** The parts are the few Word needs: [Content_Types].xml, _rels/.rels, word/document.xml and
** word/styles.xml, zipped by base/zip. */
#ifndef LVZHI_DOCX_H
#define LVZHI_DOCX_H
#include <stdbool.h>
#include "base/buf.h"

struct docx;

/* Starts an empty document; NULL when memory runs out. */
struct docx *docx_open(void);

/* The masthead of a bulletin: masthead in large red type (e.g. "社情民意"), the issue line under
** it (e.g. "2026年第3期"), then left and right on one line (the editor and the date), and a
** thick red rule. */
void docx_masthead(struct docx *d, const char *masthead, const char *issue, const char *left,
                   const char *right);

/* A title, centred and large; a line centred under it, smaller. */
void docx_title(struct docx *d, const char *text);
void docx_subtitle(struct docx *d, const char *text);

/* A heading, bold. */
void docx_heading(struct docx *d, const char *text);

/* Paragraphs, first lines indented by two characters; a newline starts a new paragraph. */
void docx_para(struct docx *d, const char *text);

/* A row "label：value" with the label bold. */
void docx_field(struct docx *d, const char *label, const char *value);

/* A horizontal rule across the text width, red or black. */
void docx_rule(struct docx *d, bool red);

/* One line with left at the left margin and right flush with the right margin. */
void docx_line_lr(struct docx *d, const char *left, const char *right);

/* Ends the document, appends the .docx bytes to out and frees d. False when zipping failed. */
bool docx_finish(struct docx *d, struct buf *out);

#endif
