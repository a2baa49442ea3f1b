// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QPalette>
#include <QProcess>
#include <QStandardPaths>
#include <QStyleFactory>

namespace mb::ui {
namespace {

enum class Scheme { Unknown, Light, Dark };

Scheme schemeFromEnvironment()
{
    const QByteArray forced = qgetenv("METRICBRIDGE_COLOR_SCHEME").toLower();
    if (forced == "dark")
        return Scheme::Dark;
    if (forced == "light")
        return Scheme::Light;
    if (qgetenv("GTK_THEME").toLower().endsWith(":dark"))
        return Scheme::Dark;
    return Scheme::Unknown;
}

// GNOME (and desktops that follow its setting) store the preference in gsettings.
Scheme schemeFromGnome()
{
    if (QStandardPaths::findExecutable(QStringLiteral("gsettings")).isEmpty())
        return Scheme::Unknown;
    QProcess gsettings;
    gsettings.start(QStringLiteral("gsettings"), {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"),
                                                  QStringLiteral("color-scheme")});
    if (!gsettings.waitForFinished(500))
        return Scheme::Unknown;
    return gsettings.readAllStandardOutput().contains("prefer-dark") ? Scheme::Dark : Scheme::Unknown;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    const QColor disabled(127, 127, 127);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(160, 160, 160));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(90, 160, 250));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace

bool isDarkPalette()
{
    const QPalette palette = QApplication::palette();
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void applySystemColorScheme(QApplication &app)
{
    Scheme scheme = schemeFromEnvironment();
    if (scheme == Scheme::Unknown && !isDarkPalette())
        scheme = schemeFromGnome();
    if (scheme == Scheme::Dark && !isDarkPalette()) {
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        app.setPalette(darkPalette());
    }
}

QColor errorTextColor(bool onDark)
{
    return onDark ? QColor(255, 138, 128) : QColor(198, 40, 40);
}

QColor okTextColor(bool onDark)
{
    return onDark ? QColor(129, 199, 132) : QColor(46, 125, 50);
}

QColor warningTextColor(bool onDark)
{
    return onDark ? QColor(255, 202, 40) : QColor(173, 92, 0);
}

QColor errorTextColor()
{
    return errorTextColor(isDarkPalette());
}

QColor okTextColor()
{
    return okTextColor(isDarkPalette());
}

QColor warningTextColor()
{
    return warningTextColor(isDarkPalette());
}

QString errorTextCss()
{
    return errorTextColor().name();
}

QString okTextCss()
{
    return okTextColor().name();
}

QString warningTextCss()
{
    return warningTextColor().name();
}

} // namespace mb::ui
