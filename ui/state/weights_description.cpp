#include "ui/state/weights_description.h"

#include "ui/state/counted.h"

#include <QObject>

namespace studio {

QString weightsDescription(const WeightsSnapshot& w) {
    if (w.isNull()) return QObject::tr("no model");
    if (w.origin == QLatin1String("untrained")) return QObject::tr("untrained initial weights");
    if (w.origin == QLatin1String("training"))
        return QObject::tr("weights after %1, step %2")
            .arg(counted(w.epoch, QObject::tr("epoch"), QObject::tr("epochs")))
            .arg(w.step);
    if (w.origin == QLatin1String("best"))
        return QObject::tr("the best weights (epoch %1)").arg(w.epoch);
    if (w.isChosenEpoch())
        return w.epoch == 0 ? QObject::tr("the weights the run started from (epoch 0, chosen)")
                            : QObject::tr("the weights after epoch %1 (chosen)").arg(w.epoch);
    return QObject::tr("model %1").arg(w.origin);
}

} // namespace studio
