#pragma once
// How far a dataset reader has got through its file, for LoadOptions::progress: reports the
// fraction of lines read about every 1 %, and abandons the load (LoadCancelled) when the
// callback says so. Internal to the dataset readers (see dataset_reader.h).
#include "engine/data/dataset_reader.h"

namespace ner {

class ParseProgress {
public:
    ParseProgress(const LoadOptions& options, int lastLine);

    // The reader has reached this 1-based line. Cheap when nothing is due, since it runs
    // once a record.
    void reached(int line) {
        if (line >= m_next) report(line);
    }

private:
    void report(int line);

    const LoadProgress* m_callback; // null: nobody is watching
    int m_lastLine;
    int m_step; // lines between reports
    int m_next; // the line that triggers the next report
};

} // namespace ner
