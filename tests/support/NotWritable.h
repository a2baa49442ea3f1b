// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Makes a file and its folder unwritable for this process while the object lives, as they are for
// another user of a shared workspace: as root, whom file modes do not stop, by becoming the user
// nobody (real and effective ids, so Qt's access() checks see it too; the saved id lets it come
// back); otherwise by taking the write bits away. The test process has one thread.

#include <QFile>
#include <QFileInfo>

#include <grp.h>
#include <unistd.h>

namespace mbtest {

class NotWritable {
public:
    explicit NotWritable(const QString &file) : m_file(file), m_folder(QFileInfo(file).absolutePath())
    {
        m_fileModes = QFile::permissions(m_file);
        m_folderModes = QFile::permissions(m_folder);
        const QFile::Permissions read = QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther;
        const QFile::Permissions enter = QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther;
        if (geteuid() == 0) {
            // nobody must reach the file: the folder readable and enterable, nothing writable.
            QFile::setPermissions(m_folder, read | enter | QFile::WriteOwner);
            QFile::setPermissions(m_file, read | QFile::WriteOwner);
            m_asNobody = setresgid(kNobody, kNobody, 0) == 0 && setresuid(kNobody, kNobody, 0) == 0;
        } else {
            QFile::setPermissions(m_folder, read | enter);
            QFile::setPermissions(m_file, read);
        }
    }
    ~NotWritable()
    {
        if (m_asNobody) {
            (void)setresuid(0, 0, 0);
            (void)setresgid(0, 0, 0);
        }
        QFile::setPermissions(m_folder, m_folderModes);
        QFile::setPermissions(m_file, m_fileModes);
    }
    NotWritable(const NotWritable &) = delete;
    NotWritable &operator=(const NotWritable &) = delete;

    // False when root could not become nobody: the file is then still writable.
    bool holds() const { return geteuid() != 0 || m_asNobody; }

private:
    static constexpr uid_t kNobody = 65534;
    QString m_file, m_folder;
    QFile::Permissions m_fileModes, m_folderModes;
    bool m_asNobody = false;
};

} // namespace mbtest
