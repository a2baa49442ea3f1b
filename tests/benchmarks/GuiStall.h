// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The longest the GUI thread went without turning its event loop while one of these lived: a 1 ms
// timer's largest gap between two ticks (and from the last tick to maxStallMs()). For the
// benchmarks that check a page never freezes the window (gui_max_stall_ms and its kin).
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>

namespace mbbench {

class GuiStallMeter {
public:
    GuiStallMeter()
    {
        m_ticker.setInterval(1);
        QObject::connect(&m_ticker, &QTimer::timeout, [this] { tick(); });
        m_sinceTick.start();
        m_ticker.start();
    }

    double maxStallMs()
    {
        tick();
        return m_maxMs;
    }

private:
    void tick()
    {
        m_maxMs = std::max(m_maxMs, double(m_sinceTick.nsecsElapsed()) / 1e6);
        m_sinceTick.restart();
    }

    QTimer m_ticker;
    QElapsedTimer m_sinceTick;
    double m_maxMs = 0;
};

} // namespace mbbench
