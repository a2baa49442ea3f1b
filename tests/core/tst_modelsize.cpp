// SPDX-License-Identifier: GPL-3.0-or-later
// The size of a run's network before it is built (core/ModelSize): the parameter counts of the
// layers core/training/Network.cpp builds, counted by hand here, and the refusal of a model whose
// training cannot fit in the machine's memory, with both figures in the message.
#include "core/ModelSize.h"

#include <QTest>

using namespace mb;

class tst_ModelSize : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parametersAreTheBuiltLayers_data();
    void parametersAreTheBuiltLayers();
    void aModelBeyondTheMachineIsRefusedWithTheFigures();
    void theDemoSizedModelsFit();
};

void tst_ModelSize::parametersAreTheBuiltLayers_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QList<int>>("hidden");
    QTest::addColumn<bool>("batchNorm");
    QTest::addColumn<qint64>("parameters");
    // 10 features, one binary head (1 output).
    QTest::newRow("linear") << QStringLiteral("linear") << QList<int>{} << false << qint64(10 + 1);
    // 10*64+64, 64*32+32, 32*1+1
    QTest::newRow("mlp 64-32") << QStringLiteral("mlp") << QList<int>{64, 32} << false << qint64(704 + 2080 + 33);
    // batch norm adds a scale and a shift per unit
    QTest::newRow("mlp 64-32 with batch norm")
        << QStringLiteral("mlp") << QList<int>{64, 32} << true << qint64(704 + 2080 + 33 + 2 * 64 + 2 * 32);
}

void tst_ModelSize::parametersAreTheBuiltLayers()
{
    QFETCH(QString, kind);
    QFETCH(QList<int>, hidden);
    QFETCH(bool, batchNorm);
    QFETCH(qint64, parameters);
    TrainingConfig config;
    config.model.kind = kind == QLatin1String("linear") ? ModelKind::Linear : ModelKind::Mlp;
    config.model.hidden = hidden;
    config.model.batchNorm = batchNorm;
    QCOMPARE(estimateModelSize(config, 10, std::nullopt, {1}).parameters, std::int64_t(parameters));
}

void tst_ModelSize::aModelBeyondTheMachineIsRefusedWithTheFigures()
{
    TrainingConfig config;
    config.model.kind = ModelKind::Mlp;
    config.model.hidden = {65536, 65536};
    const ModelSize size = estimateModelSize(config, 20, std::nullopt, {1});
    QVERIFY(size.parameters > 4'000'000'000);
    const Status refused = checkModelFits(size, 24'000'000'000);
    QVERIFY(!refused);
    // The figures and what to change: parameters, the memory needed and the machine's.
    QVERIFY2(refused.error().contains(QLatin1String("4,296,")) && refused.error().contains(QLatin1String("machine's 24 GB")) &&
                 refused.error().contains(QLatin1String("model.hidden")),
             qPrintable(refused.error()));
}

void tst_ModelSize::theDemoSizedModelsFit()
{
    // A CNN on 28x28 grey images (channels 16, 32, kernel 3; two 2x2 poolings: 32*7*7 inputs to
    // the dense layers), and the default MLP, fit a 1 GB machine at the default batch.
    TrainingConfig cnn;
    cnn.model.kind = ModelKind::Cnn;
    cnn.model.hidden = {64};
    const ModelSize cnnSize = estimateModelSize(cnn, 784, std::array<int, 3>{1, 28, 28}, {10});
    QCOMPARE(cnnSize.parameters, std::int64_t((1 * 16 * 9 + 16) + (16 * 32 * 9 + 32) + (32 * 7 * 7 * 64 + 64) +
                                              (64 * 10 + 10)));
    QVERIFY(checkModelFits(cnnSize, 1'000'000'000));
    QVERIFY(checkModelFits(estimateModelSize(TrainingConfig{}, 100, std::nullopt, {1}), 1'000'000'000));
    QVERIFY(physicalMemoryBytes() > 0);
}

QTEST_GUILESS_MAIN(tst_ModelSize)
#include "tst_modelsize.moc"
