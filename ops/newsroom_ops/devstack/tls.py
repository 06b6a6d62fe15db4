"""The secured dev stack's certificates: one CA of its own, and a certificate per server role.

Made with `cryptography` on first use and kept with the stack's data. Keys are EC P-256 in
unencrypted PKCS#8 PEM with mode 0600: the form both Kafka's PEM keystore (on Java 17 and 25)
and Elasticsearch read; encrypted PKCS#8 needs PBES2, which Java 17 lacks.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Long enough for a developer's stack to outlive a holiday; it is recreated with the stack.
VALIDITY = dt.timedelta(days=825)
_PEM = serialization.Encoding.PEM


@dataclass(frozen=True)
class Issued:
    key: Path  # PKCS#8 private key
    cert: Path  # the certificate, then the CA's
    keystore: Path  # key + chain in one file (Kafka's PEM keystore)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write_private(path: Path, data: bytes) -> None:
    # Created 0600 before any byte of the key is written.
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_bytes(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(_PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


class CertificateAuthority:
    """The stack's CA in `directory` (ca.crt, ca.key), made the first time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.cert_file = directory / "ca.crt"
        self.key_file = directory / "ca.key"
        if not self.cert_file.exists():
            self._create()
        self._cert = x509.load_pem_x509_certificate(self.cert_file.read_bytes())
        loaded = serialization.load_pem_private_key(self.key_file.read_bytes(), password=None)
        assert isinstance(loaded, ec.EllipticCurvePrivateKey)
        self._key = loaded

    def _create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.directory.chmod(0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name("newsroom dev stack CA"))
            .issuer_name(_name("newsroom dev stack CA"))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        _write_private(self.key_file, _key_pem(key))
        # The certificate last: its presence means the CA is complete.
        self.cert_file.write_bytes(cert.public_bytes(_PEM))

    def issue(self, name: str, common_name: str, directory: Path) -> Issued:
        """A server-and-client certificate for loopback (`name`.key/.crt/-keystore.pem)."""
        issued = Issued(
            directory / f"{name}.key",
            directory / f"{name}.crt",
            directory / f"{name}-keystore.pem",
        )
        if issued.keystore.exists():
            return issued
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self._cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + VALIDITY)
            .add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName("localhost"),
                        x509.DNSName(common_name),
                        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                        x509.IPAddress(ipaddress.ip_address("::1")),
                    ]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                # Servers that also connect to each other (Kafka's controllers and brokers,
                # Elasticsearch's transport) present the same certificate both ways.
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )
        chain = cert.public_bytes(_PEM) + self.cert_file.read_bytes()
        key_pem = _key_pem(key)
        _write_private(issued.key, key_pem)
        issued.cert.write_bytes(chain)
        _write_private(issued.keystore, key_pem + chain)
        return issued
