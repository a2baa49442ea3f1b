// SPDX-License-Identifier: GPL-3.0-or-later
// The run configuration format: documented examples stay valid, round trips are exact, and every
// kind of mistake is refused with the field named.
#include "core/JsonReader.h"
#include "core/TrainingConfig.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QTest>

using namespace mb;

namespace {

QByteArray withChange(const QString &path, const QJsonValue &value)
{
    // A valid config with one field replaced; path segments separated by '.'.
    QJsonObject root = trainingConfigToJson(defaultTrainingConfig(TaskType::Binary));
    root.insert(QStringLiteral("dataset_version"), 1);
    root.insert(QStringLiteral("split"), 1);
    root.insert(QStringLiteral("targets"), QJsonArray{QStringLiteral("y")});
    const QStringList parts = path.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        root.insert(parts[0], value);
    } else {
        QJsonObject inner = root.value(parts[0]).toObject();
        inner.insert(parts[1], value);
        root.insert(parts[0], inner);
    }
    return QJsonDocument(root).toJson();
}

} // namespace

class tst_TrainingConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentedExamplesAreValid_data();
    void documentedExamplesAreValid();
    void roundTripIsExact();
    void defaultsFitEachTask_data();
    void defaultsFitEachTask();
    void mistakesAreRefusedNamingTheField_data();
    void mistakesAreRefusedNamingTheField();
    void numbersBeyondAnIntAreRefusedWithoutConversion_data();
    void numbersBeyondAnIntAreRefusedWithoutConversion();
    void lossesCountFollowsTheTask();
    void featureOptionsRoundTrip();
    void defaultFeaturesKeepStoredConfigHashes();
};

void tst_TrainingConfig::documentedExamplesAreValid_data()
{
    QTest::addColumn<QString>("file");
    const QDir examples(QStringLiteral(METRICBRIDGE_TEST_DATA "/../../docs/examples"));
    const QStringList files = examples.entryList({QStringLiteral("*.json")});
    QCOMPARE(files.size(), 5); // one per task type
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << examples.filePath(file);
}

void tst_TrainingConfig::documentedExamplesAreValid()
{
    QFETCH(QString, file);
    const Result<TrainingConfig> config = trainingConfigFromBytes(mbtest::fileBytes(file));
    QVERIFY2(config, qPrintable(config ? QString() : config.error()));
    QCOMPARE(toKey(config->task) + QStringLiteral(".json"), QFileInfo(file).fileName());
}

void tst_TrainingConfig::roundTripIsExact()
{
    const QString path = QStringLiteral(METRICBRIDGE_TEST_DATA "/../../docs/examples/two_objective_ranking.json");
    const TrainingConfig config = *trainingConfigFromBytes(mbtest::fileBytes(path));
    QCOMPARE(config.losses.size(), 2);
    QCOMPARE(config.losses.at(1).positiveWeight, 2.8);
    const QByteArray bytes = trainingConfigToBytes(config);
    const TrainingConfig again = *trainingConfigFromBytes(bytes);
    QCOMPARE(trainingConfigToBytes(again), bytes);

    TrainingConfig seeded = config;
    seeded.seed = 18446744073709551557ULL; // beyond a double's exact integers
    QCOMPARE(trainingConfigFromBytes(trainingConfigToBytes(seeded))->seed, seeded.seed);
}

void tst_TrainingConfig::defaultsFitEachTask_data()
{
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("loss");
    QTest::addColumn<int>("losses");
    QTest::newRow("binary") << "binary"
                            << "bce" << 1;
    QTest::newRow("multiclass") << "multiclass"
                                << "cross_entropy" << 1;
    QTest::newRow("multilabel") << "multilabel"
                                << "bce" << 1;
    QTest::newRow("regression") << "regression"
                                << "mse" << 1;
    QTest::newRow("two objectives") << "two_objective_ranking"
                                    << "bce" << 2;
}

void tst_TrainingConfig::defaultsFitEachTask()
{
    QFETCH(QString, task);
    QFETCH(QString, loss);
    QFETCH(int, losses);
    const TrainingConfig config = defaultTrainingConfig(*taskTypeFromKey(task));
    QCOMPARE(config.losses.size(), losses);
    QCOMPARE(toKey(config.losses.first().kind), loss);
    QCOMPARE(config.optimizer.kind, OptimizerKind::Adam);
    QVERIFY(config.earlyStopping.has_value());
}

void tst_TrainingConfig::mistakesAreRefusedNamingTheField_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown key") << withChange(QStringLiteral("learning_rate"), 0.1) << "learning_rate: unknown key";
    QTest::newRow("unknown nested key") << withChange(QStringLiteral("optimizer.beta1"), 0.9)
                                        << "optimizer.beta1: unknown key";
    QTest::newRow("wrong type") << withChange(QStringLiteral("epochs"), QStringLiteral("ten"))
                                << "epochs: expected a finite number";
    QTest::newRow("fractional epochs") << withChange(QStringLiteral("epochs"), 2.5)
                                       << "epochs: expected a whole number";
    QTest::newRow("zero learning rate") << withChange(QStringLiteral("optimizer.lr"), 0)
                                        << "optimizer.lr: 0 is out of range: expected more than 0";
    QTest::newRow("huge batch") << withChange(QStringLiteral("batch_size"), 1000000)
                                << "batch_size: 1000000 is out of range";
    QTest::newRow("dropout of one") << withChange(QStringLiteral("model.dropout"), 1.0)
                                    << "model.dropout: 1 is out of range";
    QTest::newRow("even kernel") << withChange(QStringLiteral("model.kernel"), 4)
                                 << "model.kernel: the kernel size must be odd";
    QTest::newRow("a stack of 100 000 layers")
        << withChange(QStringLiteral("model.hidden"), QJsonArray::fromVariantList(QVariantList(100000, 1)))
        << "model.hidden: 100000 layers; at most 64";
    QTest::newRow("zero width") << withChange(QStringLiteral("model.hidden"), QJsonArray{64, 0})
                                << "model.hidden[1]: expected a whole number from 1";
    QTest::newRow("unknown model") << withChange(QStringLiteral("model.kind"), QStringLiteral("transformer"))
                                   << "model.kind: expected one of linear, mlp, cnn, got 'transformer'";
    QTest::newRow("unknown optimizer") << withChange(QStringLiteral("optimizer.kind"), QStringLiteral("lbfgs"))
                                       << "optimizer.kind: expected one of sgd, adam, adamw";
    QTest::newRow("batch norm not a bool") << withChange(QStringLiteral("model.batch_norm"), QStringLiteral("yes"))
                                           << "model.batch_norm: expected true or false";
    QTest::newRow("loss that does not fit")
        << withChange(QStringLiteral("losses"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("mse")}}})
        << "losses[0].kind: mse does not fit a binary task; use bce or cross_entropy";
    QTest::newRow("negative class weight")
        << withChange(QStringLiteral("losses"),
                      QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bce")},
                                             {QStringLiteral("class_weights"), QJsonArray{1, -1}}}})
        << "losses[0].class_weights[1]: a class weight must be more than 0";
    QTest::newRow("missing dataset") << withChange(QStringLiteral("dataset_version"), 0)
                                     << "dataset_version: 0 is out of range";
    QTest::newRow("no targets") << withChange(QStringLiteral("targets"), QJsonArray{})
                                << "targets: name the target column";
    // Batch norm cannot normalise a single row: LibTorch would fail mid-training.
    QJsonObject batchNormOfOne = QJsonDocument::fromJson(withChange(QStringLiteral("model.batch_norm"), true)).object();
    batchNormOfOne.insert(QStringLiteral("batch_size"), 1);
    QTest::newRow("batch norm with batches of one")
        << QJsonDocument(batchNormOfOne).toJson() << "batch_size: batch norm needs at least 2 rows per batch";
    QTest::newRow("seed as a number") << withChange(QStringLiteral("seed"), 42) << "seed: expected a string";
    QTest::newRow("seed not a number") << withChange(QStringLiteral("seed"), QStringLiteral("forty-two"))
                                       << "seed: expected a whole number written as a string";
    QTest::newRow("zero patience") << withChange(QStringLiteral("early_stopping.patience"), 0)
                                   << "early_stopping.patience: 0 is out of range";
    QTest::newRow("newer format")
        << withChange(QStringLiteral("format_version"), 2)
        << "format_version: this build reads run config format version 1, the file has version 2";
    // The feature encoding's options.
    QTest::newRow("no categories") << withChange(QStringLiteral("features.max_categories"), 0)
                                   << "features.max_categories: 0 is out of range: expected 1 to 10000";
    QTest::newRow("too many categories") << withChange(QStringLiteral("features.max_categories"), 10001)
                                         << "features.max_categories: 10001 is out of range: expected 1 to 10000";
    QTest::newRow("fractional categories") << withChange(QStringLiteral("features.max_categories"), 20.5)
                                           << "features.max_categories: expected a whole number, got 20.5";
    QTest::newRow("standardize not a bool") << withChange(QStringLiteral("features.standardize"), QStringLiteral("yes"))
                                            << "features.standardize: expected true or false";
    QTest::newRow("log1p not a list") << withChange(QStringLiteral("features.log1p"), QStringLiteral("claims"))
                                      << "features.log1p: expected an array of strings";
    QTest::newRow("log1p twice") << withChange(QStringLiteral("features.log1p"),
                                               QJsonArray{QStringLiteral("claims"), QStringLiteral("claims")})
                                 << "features.log1p[1]: 'claims' is listed twice";
    QTest::newRow("ordinal not an object")
        << withChange(QStringLiteral("features.ordinal"), QJsonArray{QStringLiteral("size")})
        << "features.ordinal: expected an object";
    QTest::newRow("ordinal order not a list")
        << withChange(QStringLiteral("features.ordinal"), QJsonObject{{QStringLiteral("size"), QStringLiteral("S")}})
        << "features.ordinal.size: expected an array of strings";
    QTest::newRow("empty order") << withChange(QStringLiteral("features.ordinal"),
                                               QJsonObject{{QStringLiteral("size"), QJsonArray{}}})
                                 << "features.ordinal.size: list the column's categories, lowest first";
    QTest::newRow("category twice in an order")
        << withChange(QStringLiteral("features.ordinal"),
                      QJsonObject{{QStringLiteral("size"),
                                   QJsonArray{QStringLiteral("S"), QStringLiteral("M"), QStringLiteral("S")}}})
        << "features.ordinal.size: 'S' is listed twice";
    QTest::newRow("unknown features key")
        << withChange(QStringLiteral("features.bins"), 10) << "features.bins: unknown key";
    QTest::newRow("features not an object")
        << withChange(QStringLiteral("features"), 20) << "features: expected an object";
    QTest::newRow("syntax error") << QByteArray("{\n  \"epochs\": 10,\n  \"seed\": \n}") << "line 4, column 1";
}

void tst_TrainingConfig::mistakesAreRefusedNamingTheField()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const Result<TrainingConfig> config = trainingConfigFromBytes(bytes);
    QVERIFY(!config);
    QVERIFY2(config.error().contains(message), qPrintable(config.error()));
}

// Found by fuzz_trainingconfig: a whole number too large for an int was refused, but converted to
// int first, which is undefined behaviour (UBSan with float-cast-overflow, as in the fuzz build, aborts on it).
void tst_TrainingConfig::numbersBeyondAnIntAreRefusedWithoutConversion_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    QTest::newRow("dataset_version of 5.6e27 (the fuzzer's input)")
        << withChange(QStringLiteral("dataset_version"), 5.555555555555556e27)
        << "dataset_version: 5.55555555555556e+27 is out of range: expected 1 to 2147483647";
    QTest::newRow("split of -1e300") << withChange(QStringLiteral("split"), -1e300) << "split: -1e+300 is out of range";
    QTest::newRow("epochs of 2^31") << withChange(QStringLiteral("epochs"), 2147483648.0)
                                    << "epochs: 2147483648 is out of range: expected 1 to 100000";
    QTest::newRow("a hidden width of 1e20") << withChange(QStringLiteral("model.hidden"), QJsonArray{64, 1e20})
                                            << "model.hidden[1]: expected a whole number from 1 to";
    QTest::newRow("format_version of 1.5e125 (the fuzzer's second input)")
        << withChange(QStringLiteral("format_version"), 1.5e125)
        << "this build reads run config format version 1, the file has version 1.5e+125";
    QTest::newRow("format_version of 1.5") << withChange(QStringLiteral("format_version"), 1.5)
                                           << "the file has version 1.5";
}

void tst_TrainingConfig::numbersBeyondAnIntAreRefusedWithoutConversion()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const Result<TrainingConfig> config = trainingConfigFromBytes(bytes);
    QVERIFY(!config);
    QVERIFY2(config.error().contains(message), qPrintable(config.error()));
}

void tst_TrainingConfig::lossesCountFollowsTheTask()
{
    QJsonObject json = trainingConfigToJson(defaultTrainingConfig(TaskType::TwoObjectiveRanking));
    json.insert(QStringLiteral("dataset_version"), 1);
    json.insert(QStringLiteral("split"), 1);
    json.insert(QStringLiteral("targets"), QJsonArray{QStringLiteral("quality"), QStringLiteral("engagement")});
    QVERIFY(trainingConfigFromJson(json));
    json.insert(QStringLiteral("losses"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bce")}}});
    const Result<TrainingConfig> one = trainingConfigFromJson(json);
    QVERIFY(!one);
    QVERIFY2(one.error().contains(QStringLiteral("losses: a two_objective_ranking task has 2 loss(es), found 1")),
             qPrintable(one.error()));
    json.insert(QStringLiteral("losses"), QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("bce")}},
                                                     QJsonObject{{QStringLiteral("kind"), QStringLiteral("bce")}}});
    json.insert(QStringLiteral("alpha"), 0);
    json.insert(QStringLiteral("beta"), 0);
    const Result<TrainingConfig> zero = trainingConfigFromJson(json);
    QVERIFY(!zero);
    QVERIFY(zero.error().contains(QStringLiteral("alpha and beta cannot both be zero")));
}

void tst_TrainingConfig::featureOptionsRoundTrip()
{
    const QString path = QStringLiteral(METRICBRIDGE_TEST_DATA "/../../docs/examples/regression.json");
    const TrainingConfig config = *trainingConfigFromBytes(mbtest::fileBytes(path));
    QCOMPARE(config.features.maxCategories, 40);
    QCOMPARE(config.features.log1p, QStringList{QStringLiteral("lot_area")});
    QCOMPARE(config.features.ordinal.value(QStringLiteral("condition")),
             (QStringList{QStringLiteral("poor"), QStringLiteral("fair"), QStringLiteral("good"),
                          QStringLiteral("excellent")}));
    const QByteArray bytes = trainingConfigToBytes(config);
    QCOMPARE(trainingConfigFromBytes(bytes)->features, config.features);
    QCOMPARE(trainingConfigToBytes(*trainingConfigFromBytes(bytes)), bytes);

    // log1p names a set of columns: the order it is written in does not make another config.
    TrainingConfig a = config, b = config;
    a.features.log1p = {QStringLiteral("lot_area"), QStringLiteral("rooms")};
    b.features.log1p = {QStringLiteral("rooms"), QStringLiteral("lot_area")};
    QCOMPARE(trainingConfigToBytes(*trainingConfigFromBytes(trainingConfigToBytes(a))),
             trainingConfigToBytes(*trainingConfigFromBytes(trainingConfigToBytes(b))));
}

void tst_TrainingConfig::defaultFeaturesKeepStoredConfigHashes()
{
    // A config as builds before `features` stored it (RunRepository hashes the compact bytes):
    // read and written again, and with the defaults spelled out, it is the same bytes and hash.
    const QByteArray stored =
        R"({"alpha":0.5,"batch_size":256,"beta":0.5,"dataset_version":1,"early_stopping":{"metric":"validation/loss","mode":"min","patience":3},"epochs":20,"format":"metricbridge.run","format_version":1,"losses":[{"class_weights":[],"huber_delta":1,"kind":"bce","pos_weight":2.8}],"model":{"activation":"relu","batch_norm":false,"channels":[16,32],"dropout":0.1,"hidden":[64,32],"kernel":3,"kind":"mlp"},"name":"engagement MLP","optimizer":{"kind":"adam","lr":0.001,"momentum":0.9,"weight_decay":0},"schedule":{"gamma":0.1,"kind":"constant","step_size":10},"seed":"42","split":1,"targets":["engagement"],"task":"binary","threads":2})";
    const auto compact = [](const QJsonObject &json) { return QJsonDocument(json).toJson(QJsonDocument::Compact); };
    const Result<TrainingConfig> read = trainingConfigFromBytes(stored);
    QVERIFY2(read, qPrintable(read ? QString() : read.error()));
    QCOMPARE(compact(trainingConfigToJson(*read)), stored);

    QJsonObject spelled = QJsonDocument::fromJson(stored).object();
    spelled.insert(QStringLiteral("features"), QJsonObject{{QStringLiteral("max_categories"), 20},
                                                           {QStringLiteral("standardize"), true},
                                                           {QStringLiteral("log1p"), QJsonArray{}},
                                                           {QStringLiteral("ordinal"), QJsonObject{}}});
    QCOMPARE(compact(trainingConfigToJson(*trainingConfigFromJson(spelled))), stored);

    // Any option set is written, so the run is recognisably another config.
    TrainingConfig wider = *read;
    wider.features.maxCategories = 40;
    QVERIFY(compact(trainingConfigToJson(wider)).contains(R"("features":{"log1p":[],"max_categories":40,)"));
}

QTEST_GUILESS_MAIN(tst_TrainingConfig)
#include "tst_trainingconfig.moc"
