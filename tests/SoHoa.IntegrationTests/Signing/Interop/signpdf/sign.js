// Signs a PDF as @signpdf/signpdf 3.3.0 does, for SoHoa's interop tests:
//   SIGNPDF_P12_PASSWORD=... node sign.js <in.pdf> <out.pdf> <key.p12> [signing-time ISO 8601]
// The placeholder is added by @signpdf/placeholder-plain (an incremental update written with string operations);
// the CMS (adbe.pkcs7.detached, SHA-256) is made by @signpdf/signer-p12 (node-forge). The password is read from the
// environment, never from the command line, where other users of the machine could read it.
'use strict';

const fs = require('node:fs');
const { plainAddPlaceholder } = require('@signpdf/placeholder-plain');
const { P12Signer } = require('@signpdf/signer-p12');
const signpdf = require('@signpdf/signpdf').default;

async function main() {
  const [input, output, p12, time] = process.argv.slice(2);
  if (!input || !output || !p12) {
    console.error('usage: SIGNPDF_P12_PASSWORD=... node sign.js <in.pdf> <out.pdf> <key.p12> [signing-time]');
    process.exit(2);
  }

  const passphrase = process.env.SIGNPDF_P12_PASSWORD ?? '';
  const signingTime = time ? new Date(time) : new Date();
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: fs.readFileSync(input),
    reason: 'Interop test',
    contactInfo: 'interop@example.invalid',
    name: 'signpdf',
    location: 'Phung Hiep',
    signingTime,
    // written as a PDF name as it is given (no escaping): one word, as real applications name themselves
    appName: 'SoHoaInteropTests',
  });
  const signed = await signpdf.sign(withPlaceholder, new P12Signer(fs.readFileSync(p12), { passphrase }), signingTime);
  fs.writeFileSync(output, signed);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
