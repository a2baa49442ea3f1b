// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/Sha256.h"

#include <openssl/evp.h>

#include <new>

namespace mb {

Sha256::Sha256() : m_context(EVP_MD_CTX_new())
{
    // Both fail only when memory does: report it as the allocation failure it is.
    if (!m_context || EVP_DigestInit_ex(m_context, EVP_sha256(), nullptr) != 1)
        throw std::bad_alloc();
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_context);
}

void Sha256::addData(QByteArrayView bytes)
{
    EVP_DigestUpdate(m_context, bytes.data(), std::size_t(bytes.size()));
}

QByteArray Sha256::result() const
{
    // Finalised on a copy, so the result may be asked for twice (QCryptographicHash allows it).
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    if (!copy || EVP_MD_CTX_copy_ex(copy, m_context) != 1) {
        EVP_MD_CTX_free(copy);
        throw std::bad_alloc();
    }
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(copy, reinterpret_cast<unsigned char *>(digest.data()), &length);
    EVP_MD_CTX_free(copy);
    digest.resize(qsizetype(length));
    return digest;
}

QString sha256Hex(QByteArrayView bytes)
{
    Sha256 hash;
    hash.addData(bytes);
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace mb
