// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/ReportContent.h"
#include "core/Result.h"

#include <QList>
#include <QWidget>

#include <cstdint>
#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QThread;
class QVBoxLayout;

namespace mb::db {
class Database;
}

namespace mb::ui {

class ReportDocument;

// The Report page: the document a manager reads (framing, data, verdict, runs, plots, the chosen
// run's operating point, the policy, the appendix) for the runs and the policy picked here,
// previewed page by page and exported as PDF or one HTML file. The content is gathered on a thread
// with its own connection (services::buildReportContent reads every run's predictions); only the
// layout and the plots, which are widgets, are done here. A newer request drops an older answer.
// Thread contract: GUI thread.
class ReportPage : public QWidget {
    Q_OBJECT
public:
    explicit ReportPage(QWidget *parent = nullptr);
    ~ReportPage() override;

    // A null database closes the page. `workspacePath` is what the worker thread opens. The report
    // is built when the page is shown (runs finish while other pages are), not on every switch.
    void setProject(db::Database *database, const QString &workspacePath, std::int64_t projectId);
    // Reads the runs and policies again and rebuilds the preview.
    void reload();

    // Which runs and policy the report shows (the checked rows; "" for no policy).
    void setChosenRuns(const QList<std::int64_t> &runIds);
    QList<std::int64_t> chosenRuns() const;
    void setPolicy(const QString &name);
    QString policy() const;

    bool isBuilding() const { return !m_threads.isEmpty(); }
    // Blocks until the build in progress (if any) is shown: for the screenshot command.
    void waitForPreview();
    // The pages shown in the preview (the first few), and how many the document has.
    int previewedPages() const;
    int pageCount() const;
    // Writes the document last built to `path` (.pdf or .html).
    Status exportTo(const QString &path) const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);
    // The preview shows the document for the current choice (or why there is none).
    void previewReady();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void rebuild();
    void onBuilt(std::uint64_t generation, const Result<services::ReportContent> &content);
    void exportInteractively(const QString &suffix);
    void showMessage(const QString &text);

    db::Database *m_database = nullptr;
    QString m_workspacePath;
    std::int64_t m_projectId = 0;
    std::uint64_t m_generation = 0; // of the newest request; older answers are dropped
    bool m_filling = false;         // true while the choices are refilled
    QList<QThread *> m_threads;     // builds in progress (older ones are dropped when they finish)
    std::unique_ptr<ReportDocument> m_document;

    QListWidget *m_runs = nullptr;
    QComboBox *m_policy = nullptr;
    QComboBox *m_paper = nullptr;
    QPushButton *m_exportPdf = nullptr;
    QPushButton *m_exportHtml = nullptr;
    QLabel *m_status = nullptr;
    QVBoxLayout *m_pages = nullptr; // the preview's page images
};

} // namespace mb::ui
