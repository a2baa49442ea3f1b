// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX, kept out of every includer

namespace mb {

// SHA-256 through libcrypto (OpenSSL's EVP), which uses the CPU's SHA instructions where it has
// them: about 1.5 GB/s here against 135 MB/s for Qt 6.4's QCryptographicHash, whose own code
// does not. Every SHA-256 the workspace stores (files, dataset versions, artifacts, configs,
// framings) goes through here, so one library computes them all.
// Thread contract: one object per thread; the free function is reentrant.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void addData(QByteArrayView bytes);
    // The digest of everything added so far (32 bytes); more may be added after.
    QByteArray result() const;

private:
    evp_md_ctx_st *m_context; // owned
};

// Lowercase hex of the SHA-256 of `bytes`.
QString sha256Hex(QByteArrayView bytes);

} // namespace mb
