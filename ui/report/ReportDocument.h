// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"
#include "core/Result.h"

#include <QByteArray>
#include <QImage>
#include <QMap>
#include <QPageSize>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QBuffer;
class QPainter;
class QPdfWriter;
class QTextDocument;

namespace mb::ui {

class ReportFigureHandler;
struct ReportFigure;

// The report laid out on paper by QTextDocument (ReportHtml's markup): a title page, the contents
// with the page each section starts on, page numbers in the footer, tables whose header row repeats
// on every page they span, and the plots as vector pictures. The same content gives the one-file
// HTML (figures as inline SVG). A4 or Letter.
// Thread contract: GUI thread (the plots are drawn by widgets); the object is not shared.
class ReportDocument {
public:
    ReportDocument(const services::ReportContent &content, QPageSize::PageSizeId paper);
    ~ReportDocument();
    ReportDocument(const ReportDocument &) = delete;
    ReportDocument &operator=(const ReportDocument &) = delete;

    int pageCount() const;
    // The page (0 = the title page) as an image `width` pixels wide, white paper, for the preview.
    QImage pageImage(int page, int width) const;
    // The page each section starts on (1 = the title page), in reportSectionTitles' order.
    QList<int> sectionPages() const { return m_sectionPages; }
    QStringList sectionTitles() const { return m_titles; }

    // Errors: the file cannot be written (nothing is left behind: the file is replaced only once
    // the whole document is written).
    Status writePdf(const QString &path) const;
    // The self-contained HTML file: one document, styles and figures (inline SVG) inside it.
    QByteArray html() const;
    // PDF or HTML by the suffix (.pdf, .html, .htm). Errors: as writeReport's.
    Status writeTo(const QString &path) const;

private:
    void layOut(const QMap<int, int> &pages);
    // Writes m_sectionPages into the contents' page column of the laid-out document.
    void fillContentsPages();
    void paintPage(QPainter &painter, int page) const;

    const services::ReportContent m_content;
    QPageSize::PageSizeId m_paper;
    std::unique_ptr<QMap<QString, ReportFigure>> m_figures;
    std::unique_ptr<QBuffer> m_metricsSink;            // what the layout's writer writes to: nothing
    std::unique_ptr<QPdfWriter> m_metrics;             // the layout measures text as the PDF will
    std::unique_ptr<QTextDocument> m_document;
    std::unique_ptr<ReportFigureHandler> m_handler;
    QList<int> m_sectionPages;
    QStringList m_titles;
};

// "a4" or "letter" (any case): the page sizes a report is offered in.
std::optional<QPageSize::PageSizeId> reportPaperFromKey(const QString &key);

// Writes the content to `path`, PDF or HTML by its suffix (.pdf, .html, .htm), on `paper`.
// Errors, one line each: another suffix (naming the two), a file that cannot be written. Nothing
// is written on error.
Status writeReport(const services::ReportContent &content, const QString &path, QPageSize::PageSizeId paper);

} // namespace mb::ui
