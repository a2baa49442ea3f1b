// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/report/ReportDocument.h"

#include "ui/report/ReportFigures.h"
#include "ui/report/ReportHtml.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextObjectInterface>
#include <QTextTable>

#include <cmath>

namespace mb::ui {
namespace {

// The layout's unit: CSS pixels, so the markup's figure sizes and the PDF agree (96 per inch).
constexpr int kDpi = 96;
constexpr double kMarginMm = 16.0;
constexpr double kFooterPx = 22.0; // below the text of each page: the project and the page number
const QString kFigurePrefix = QStringLiteral("figure:");

QPageLayout pageLayout(QPageSize::PageSizeId paper)
{
    return QPageLayout(QPageSize(paper), QPageLayout::Portrait,
                       QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter);
}

void setUpWriter(QPdfWriter &writer, QPageSize::PageSizeId paper, const QString &title)
{
    writer.setResolution(kDpi);
    writer.setPageLayout(pageLayout(paper));
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("MetricBridge"));
}

QString documentTitle(const services::ReportContent &content)
{
    return QObject::tr("%1: runs judged by the business").arg(content.projectName);
}

} // namespace

// Draws the <img src="figure:KEY"> placeholders as the recorded vector pictures: QTextDocument's
// own image handler would want a raster image, which a PDF would then carry as pixels.
class ReportFigureHandler : public QObject, public QTextObjectInterface {
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)
public:
    explicit ReportFigureHandler(const QMap<QString, ReportFigure> &figures) : m_figures(figures) {}

    QSizeF intrinsicSize(QTextDocument *, int, const QTextFormat &format) override
    {
        const QTextImageFormat image = format.toImageFormat();
        return {image.width(), image.height()};
    }

    void drawObject(QPainter *painter, const QRectF &rect, QTextDocument *, int, const QTextFormat &format) override
    {
        const QString name = format.toImageFormat().name();
        const auto figure = m_figures.constFind(name.mid(kFigurePrefix.size()));
        if (!name.startsWith(kFigurePrefix) || figure == m_figures.constEnd() || figure->size.isEmpty())
            return;
        painter->save();
        painter->translate(rect.topLeft());
        painter->scale(rect.width() / figure->size.width(), rect.height() / figure->size.height());
        painter->drawPicture(0, 0, figure->picture);
        painter->restore();
    }

private:
    const QMap<QString, ReportFigure> &m_figures; // the document's, which outlives the handler
};

ReportDocument::ReportDocument(const services::ReportContent &content, QPageSize::PageSizeId paper)
    : m_content(content), m_paper(paper),
      m_figures(std::make_unique<QMap<QString, ReportFigure>>(renderReportFigures(content))),
      m_metricsSink(std::make_unique<QBuffer>()), m_document(std::make_unique<QTextDocument>())
{
    m_metricsSink->open(QIODevice::WriteOnly);
    m_metrics = std::make_unique<QPdfWriter>(m_metricsSink.get());
    setUpWriter(*m_metrics, paper, documentTitle(content));
    m_handler = std::make_unique<ReportFigureHandler>(*m_figures);
    m_titles = reportSectionTitles(content);
    // Once, with a placeholder page number in every contents row; the layout then tells the page
    // each section starts on, and the numbers are written into the rows in place. The contents
    // sit on their own page, so the numbers cannot move anything, and the document is laid out
    // once rather than twice (about a third of a long report's time).
    QMap<int, int> placeholders;
    for (int i = 0; i < m_titles.size(); ++i)
        placeholders.insert(i, 0);
    layOut(placeholders);
    fillContentsPages();
}

void ReportDocument::fillContentsPages()
{
    // The contents table is the first table after the contents' heading, one row per section.
    QTextTable *contents = nullptr;
    bool afterHeading = false;
    for (QTextBlock block = m_document->begin(); block.isValid() && !contents; block = block.next()) {
        if (block.blockFormat().headingLevel() == 2)
            afterHeading = true;
        else if (afterHeading)
            contents = QTextCursor(block).currentTable();
    }
    if (!contents)
        return;
    // One edit block: the layout is brought up to date once, after the last number.
    QTextCursor cursor(m_document.get());
    cursor.beginEditBlock();
    for (int row = 0; row < contents->rows() && row < m_sectionPages.size(); ++row) {
        const QTextTableCell cell = contents->cellAt(row, 1);
        cursor.setPosition(cell.firstCursorPosition().position());
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
        cursor.insertText(QString::number(m_sectionPages.at(row)));
    }
    cursor.endEditBlock();
}

ReportDocument::~ReportDocument() = default;

void ReportDocument::layOut(const QMap<int, int> &pages)
{
    ReportHtmlOptions options;
    options.sectionPages = pages;
    options.figure = [](const ReportFigureSlot &slot) {
        return QStringLiteral("<img src=\"%1%2\" width=\"%3\" height=\"%4\"/>")
            .arg(kFigurePrefix, slot.key)
            .arg(slot.width)
            .arg(slot.height);
    };
    m_document->documentLayout()->setPaintDevice(m_metrics.get());
    m_document->documentLayout()->registerHandler(QTextFormat::ImageObject, m_handler.get());
    m_document->setDocumentMargin(0);
    const QRectF body = m_metrics->pageLayout().paintRectPixels(kDpi);
    m_document->setPageSize(QSizeF(body.width(), body.height() - kFooterPx));
    m_document->setHtml(reportHtml(m_content, options));

    // The sections are the level-2 headings after the contents' own.
    m_sectionPages.clear();
    const double pageHeight = m_document->pageSize().height();
    bool contents = true;
    for (QTextBlock block = m_document->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() != 2)
            continue;
        if (contents) {
            contents = false;
            continue;
        }
        const double top = m_document->documentLayout()->blockBoundingRect(block).top();
        m_sectionPages << int(std::floor(top / pageHeight)) + 1;
    }
}

int ReportDocument::pageCount() const
{
    return m_document->pageCount();
}

void ReportDocument::paintPage(QPainter &painter, int page) const
{
    const QSizeF body = m_document->pageSize();
    painter.save();
    painter.translate(0, -page * body.height());
    QAbstractTextDocumentLayout::PaintContext context;
    context.clip = QRectF(0, page * body.height(), body.width(), body.height());
    context.palette.setColor(QPalette::Text, QColor(32, 33, 36));
    painter.setClipRect(context.clip);
    m_document->documentLayout()->draw(&painter, context);
    painter.restore();
    if (page == 0)
        return; // the title page carries no footer
    painter.save();
    QFont font = m_document->defaultFont();
    font.setPointSizeF(7.5);
    painter.setFont(font);
    painter.setPen(QColor(110, 110, 110));
    const QRectF footer(0, body.height() + 6, body.width(), kFooterPx - 6);
    painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, documentTitle(m_content));
    painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                     QObject::tr("page %1 of %2").arg(page + 1).arg(pageCount()));
    painter.restore();
}

QImage ReportDocument::pageImage(int page, int width) const
{
    const QSizeF paper = m_metrics->pageLayout().fullRectPixels(kDpi).size();
    const double scale = double(width) / paper.width();
    QImage image(width, int(std::ceil(paper.height() * scale)), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.scale(scale, scale);
    painter.translate(m_metrics->pageLayout().paintRectPixels(kDpi).topLeft());
    paintPage(painter, page);
    return image;
}

Status ReportDocument::writePdf(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QObject::tr("Cannot write %1: %2").arg(path, file.errorString())};
    {
        QPdfWriter writer(&file);
        setUpWriter(writer, m_paper, documentTitle(m_content));
        QPainter painter(&writer);
        for (int page = 0; page < pageCount(); ++page) {
            if (page > 0)
                writer.newPage();
            paintPage(painter, page);
        }
    }
    if (!file.commit())
        return Error{QObject::tr("Cannot write %1: %2").arg(path, file.errorString())};
    return success();
}

QByteArray ReportDocument::html() const
{
    ReportHtmlOptions options;
    options.forFile = true;
    options.figure = [this](const ReportFigureSlot &slot) {
        const auto figure = m_figures->constFind(slot.key);
        if (figure == m_figures->constEnd())
            return QString();
        QString svg = QString::fromUtf8(figureSvg(*figure, slot.key));
        // Inline SVG in HTML needs no namespace declarations, and the file then names no URL at all.
        svg.remove(QStringLiteral(" xmlns=\"http://www.w3.org/2000/svg\""));
        svg.remove(QStringLiteral(" xmlns:xlink=\"http://www.w3.org/1999/xlink\""));
        return QStringLiteral("<span class=\"figure\">%1</span>").arg(svg);
    };
    return reportHtml(m_content, options).toUtf8();
}

std::optional<QPageSize::PageSizeId> reportPaperFromKey(const QString &key)
{
    if (key.compare(QLatin1String("a4"), Qt::CaseInsensitive) == 0)
        return QPageSize::A4;
    if (key.compare(QLatin1String("letter"), Qt::CaseInsensitive) == 0)
        return QPageSize::Letter;
    return std::nullopt;
}

namespace {

// Refused before anything is laid out or written.
Status checkReportPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("pdf") && suffix != QLatin1String("html") && suffix != QLatin1String("htm"))
        return Error{QObject::tr("Cannot write a report to '%1': choose a .pdf or .html file").arg(QFileInfo(path).fileName())};
    return success();
}

} // namespace

Status ReportDocument::writeTo(const QString &path) const
{
    if (const Status checked = checkReportPath(path); !checked)
        return checked;
    if (QFileInfo(path).suffix().toLower() == QLatin1String("pdf"))
        return writePdf(path);
    QSaveFile file(path);
    const QByteArray bytes = html();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{QObject::tr("Cannot write %1: %2").arg(path, file.errorString())};
    return success();
}

Status writeReport(const services::ReportContent &content, const QString &path, QPageSize::PageSizeId paper)
{
    if (const Status checked = checkReportPath(path); !checked)
        return checked;
    return ReportDocument(content, paper).writeTo(path);
}

} // namespace mb::ui

#include "ReportDocument.moc"
