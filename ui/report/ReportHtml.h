// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"

#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace mb::ui {

// The report's text as HTML, in the order, each section only when it has content. One
// generator for both outputs, so the PDF and the HTML file say the same: the paged document
// (ReportDocument) reads it with QTextDocument, whose HTML subset it keeps to (tables with
// <thead> repeat their header on every page, page-break-after starts a page), and the HTML file
// is the same markup with the figures inline.
// Thread contract: pure, any thread.

struct ReportFigureSlot {
    QString key;   // "scatter", "pareto", "threshold", "gain", "sweep"
    int width = 0; // in CSS pixels
    int height = 0;
};

struct ReportHtmlOptions {
    // The markup of a figure: an <img> placeholder for the paged document, inline <svg> for the file.
    std::function<QString(const ReportFigureSlot &)> figure;
    // The page each section starts on (by its index in reportSectionTitles), for the table of
    // contents; empty: the contents link to the sections instead (the HTML file).
    QMap<int, int> sectionPages;
    bool forFile = false; // a stylesheet and anchors for a browser
};

// The figures the content has, in the order the document shows them.
QList<ReportFigureSlot> reportFigureSlots(const services::ReportContent &content);

// The sections the content has, in order ("1 The problem and its framing", ...): the table of contents.
QStringList reportSectionTitles(const services::ReportContent &content);

QString reportHtml(const services::ReportContent &content, const ReportHtmlOptions &options);

} // namespace mb::ui
