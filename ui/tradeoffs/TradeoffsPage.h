// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/services/TradeoffWorker.h"
#include "core/Framing.h"
#include "core/Result.h"

#include <QWidget>

#include <cstdint>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace mb::db {
class Database;
}

namespace mb::services {
class StoreReader;
}

namespace mb::ui {

class TradeoffPlot;

// The Trade-offs page, for projects framed with two objectives (docs/TRADEOFFS.md): one run per
// objective, whose stored per-item predictions cover the same items, re-ranked live by
// alpha * a + beta * b. Sliders and number boxes set the weights (optionally locked to
// alpha + beta = 1), the score normalisation is a visible choice, and k is the budget. Every move
// updates the top-k business metrics, the top-k list and the current point on the Pareto front of
// a 101-setting sweep; the Approach-1 run, when there is one, is drawn at its training weights.
// The engine runs on its own thread (services::TradeoffWorker), stale requests are dropped, and the window
// never waits. A setting can be saved as a versioned policy with a note; policies are listed
// side by side, applied again, and exported as JSON.
// The pair's predictions (both runs' items, up to millions) and the Approach-1 run are read on the
// page's services::StoreReader (its own thread and read-only connection); a newer pair, project or
// workspace drops an older answer. The runs, framing and policies (a few rows) are read, and
// policies written, through the window's connection.
// Thread contract: GUI thread.
class TradeoffsPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kSliderSteps = 100; // slider positions per unit of weight

    explicit TradeoffsPage(QWidget *parent = nullptr);

    void setProject(db::Database *database, std::int64_t projectId);
    void reload();

    // Chooses the pair and starts reading it; a refused pair leaves the page empty with the reason
    // shown (message()) once read. False when it is refused at once (no workspace or framing).
    bool setRuns(std::int64_t runA, std::int64_t runB);
    void setWeights(double alpha, double beta);
    void setLocked(bool locked);
    void setNormalisation(const QString &key);
    void setK(int k);
    void setSweepMetrics(const QString &x, const QString &y);
    // Saves the current setting as the next version of `name` through services::PolicyService,
    // which checks the pair and records the metrics the setting gives. Errors are shown and returned.
    Status savePolicy(const QString &name, const QString &note);
    Status applyPolicy(const QString &name);
    Status exportPolicy(const QString &name, const QString &path);
    void showTab(const QString &key); // "items" or "policies"

    double alpha() const;
    double beta() const;
    int k() const;
    QString normalisation() const;
    QString message() const;                         // why the page shows nothing, or empty
    // A metric at the current weights on the rows weights are chosen on (the validation items when
    // both runs have validation predictions, else the test items, with a warning), as shown...
    QString metricText(const QString &metric) const;
    std::optional<double> metricValue(const QString &metric) const;
    // ...and on the rows it is reported on (the test items), which a saved policy records; empty
    // without validation predictions, when the two are the same rows.
    QString reportedText(const QString &metric) const;
    std::optional<double> reportedValue(const QString &metric) const;
    QString choosingPart() const { return m_choosingPart; } // "validation", or "test" without it
    QString pairStatus() const;
    QSlider *alphaSlider() const { return m_alphaSlider; }
    QSlider *betaSlider() const { return m_betaSlider; }
    TradeoffPlot *plot() const { return m_plot; }
    QTableWidget *itemsTable() const { return m_items; }
    QTableWidget *policiesTable() const { return m_policies; }
    services::TradeoffWorker *worker() const { return m_worker; }
    // For tests and screenshots: waits until the pair is read and the engine has answered the latest
    // request.
    bool waitForIdle(int timeoutMs = 10000);

Q_SIGNALS:
    void statusMessage(const QString &message);
    void errorOccurred(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fillRunChoices();
    struct PairLoad; // what the pair reader reads
    void loadPair();
    void applyPair(PairLoad &load);
    void requestUpdate();
    void requestSweep();
    void onEngineReady(const QStringList &ranked, const QStringList &skipped, const QString &error);
    void onUpdated(const services::TradeoffResult &result);
    void onSwept(const services::SweepResult &result);
    void onAlphaSlider(int value);
    void onBetaSlider(int value);
    void onAlphaBox(double value);
    void onBetaBox(double value);
    void syncWeightWidgets();
    void updateBudgetNote();
    void showMessage(const QString &text);
    void clearMetricPanel();
    void reloadPolicies();
    QString metricLabel(const QString &metric) const;
    // Shows one metric's value in `label`, coloured by the stakeholder requirement on it.
    void showMetricValue(QLabel *label, const tradeoff::RankedMetricValue &metric) const;

    db::Database *m_database = nullptr;
    std::int64_t m_projectId = 0;
    Framing m_framing;
    bool m_hasFraming = false;
    bool m_kFollowsFraming = true; // a project just opened starts k at its framing's top-k budget
    std::int64_t m_runA = 0, m_runB = 0;
    double m_alpha = 0.5, m_beta = 0.5;
    bool m_syncing = false;
    bool m_engineReady = false;
    QString m_message;
    std::optional<services::TradeoffResult> m_last;
    std::optional<std::pair<std::int64_t, std::pair<double, double>>> m_approachOne; // run, weights
    QString m_approachName;

    services::TradeoffWorker *m_worker = nullptr;
    services::StoreReader *m_pairReader = nullptr; // child: the pair's predictions, off the GUI thread
    QComboBox *m_runAChoice = nullptr;
    QComboBox *m_runBChoice = nullptr;
    QLabel *m_pairStatus = nullptr;
    QSlider *m_alphaSlider = nullptr;
    QSlider *m_betaSlider = nullptr;
    QDoubleSpinBox *m_alphaBox = nullptr;
    QDoubleSpinBox *m_betaBox = nullptr;
    QCheckBox *m_lock = nullptr;
    QComboBox *m_normalisation = nullptr;
    QSpinBox *m_k = nullptr;
    QLabel *m_budgetNote = nullptr; // which top-k metrics the page's k overrides
    QWidget *m_metricsPanel = nullptr;
    QGridLayout *m_metricsGrid = nullptr;
    QMap<QString, QLabel *> m_metricLabels;   // on the choosing rows
    QMap<QString, QLabel *> m_reportedLabels; // on the reported rows
    QString m_choosingPart;
    QString m_reportedPart;
    QLabel *m_sweepTitle = nullptr;
    QLabel *m_timing = nullptr;
    QComboBox *m_sweepX = nullptr;
    QComboBox *m_sweepY = nullptr;
    TradeoffPlot *m_plot = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_items = nullptr;
    QTableWidget *m_policies = nullptr;
    QLineEdit *m_policyName = nullptr;
    QLineEdit *m_policyNote = nullptr;
};

} // namespace mb::ui
