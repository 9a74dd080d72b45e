import { CopyButton } from "@/components/copy-button";
import { INPUT_CLASS } from "@/components/ui";
import { groupedFingerprint, type PublicSigningKey } from "@/lib/records/signing-key";

const CODE_CLASS = "rounded bg-slate-100 px-1 py-0.5 font-mono text-xs dark:bg-slate-800";

/**
 * The bundles' public key and its fingerprint, to be handed to a regulator apart from any bundle:
 * the copy inside a manifest proves nothing on its own.
 */
export function SigningKeyDetails({ signingKey }: { signingKey: PublicSigningKey }) {
  const fingerprint = groupedFingerprint(signingKey.sha256);
  return (
    <details className="mb-4 text-sm">
      <summary className="cursor-pointer font-medium text-emerald-700 underline dark:text-emerald-400">Signing key for bundles</summary>
      <div className="mt-2 space-y-3">
        <p className="text-slate-600 dark:text-slate-400">
          Every bundle is signed with this server&apos;s key, and its manifest carries the public key. Send your regulator this
          public key or its fingerprint separately from any bundle (by letter or on a call, not in the same email): only then can they tell a
          bundle came from this server, since whoever altered a bundle could replace the key inside it too.
        </p>
        <div>
          <label htmlFor="signing-key-fingerprint" className="block font-medium">Fingerprint (SHA-256)</label>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            {/* Sized to its text: one line where it fits, wrapped by groups on a phone, never cut off. */}
            <textarea id="signing-key-fingerprint" readOnly rows={1} value={fingerprint} className={`${INPUT_CLASS} field-sizing-content w-full max-w-2xl resize-none font-mono text-xs`} />
            <CopyButton value={signingKey.sha256} label="the signing key fingerprint" inputId="signing-key-fingerprint" />
          </div>
        </div>
        <div>
          <label htmlFor="signing-key-pem" className="block font-medium">Public key (PEM)</label>
          <div className="mt-1 flex flex-wrap items-start gap-2">
            <textarea id="signing-key-pem" readOnly rows={3} value={signingKey.pem.trim()} className={`${INPUT_CLASS} w-full max-w-xl font-mono text-xs`} />
            <CopyButton value={signingKey.pem} label="the public signing key" inputId="signing-key-pem" />
          </div>
        </div>
        <p className="text-slate-600 dark:text-slate-400">
          To check a bundle with the key saved as <code className={CODE_CLASS}>key.pem</code>:{" "}
          <code className={CODE_CLASS}>openssl pkey -pubin -in key.pem -outform DER | sha256sum</code> prints the fingerprint, and{" "}
          <code className={CODE_CLASS}>base64 -d manifest.sig &gt; sig.bin &amp;&amp; openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in manifest.json -sigfile sig.bin</code>{" "}
          says whether the manifest is the one this server signed; the manifest then vouches for <code className={CODE_CLASS}>messages.csv</code> by its SHA-256.
        </p>
      </div>
    </details>
  );
}
