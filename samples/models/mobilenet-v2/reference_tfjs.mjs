// Runs the ORIGINAL nsfwjs MobileNetV2 with TensorFlow.js and records what it computes, so that
// the ONNX and TorchScript conversions can be checked against it.
//
//   node samples/models/mobilenet-v2/reference_tfjs.mjs --modules /tmp/nsfw/node_modules \
//       --work /tmp/mnv2-work [--out samples/models/mobilenet-v2/reference.json]
//
// --modules is the node_modules folder of a scratch project where `npm install nsfwjs@4.3.0
// @tensorflow/tfjs` was run (outside the repository). The script
//   1. takes the layers model that nsfwjs bundles as JavaScript (dist/models/mobilenet_v2/
//      model.min.js and group1-shard1of1.min.js, the weights as base64) and writes it to WORK as a
//      plain tfjs layers model: model.json plus the binary shard group1-shard1of1;
//   2. loads that model with tf.loadLayersModel on the pure-JavaScript 'cpu' backend (no
//      tfjs-node, no native code);
//   3. for every WORK/inputs-*.npy written by `convert_mobilenet_v2.py inputs` (float32, one image
//      per row, NCHW 3x224x224, RGB in [0, 1]) runs the model and writes WORK/tfjs-NAME-TENSOR.npy
//      for the tensors below, in NCHW order for maps;
//   4. writes --out: for the images of WORK/inputs-reference.npy (the committed
//      reference-inputs.npy), the probabilities, logits and summaries of the hooked tensors.
//
// Tensors: block_13_expand_relu (n,576,14,14), out_relu (n,1280,7,7), flatten_1 (n,1280),
// dense_3 (n,5: the softmax probabilities, the model's output) and logits (n,5: dense_3 before its
// softmax, computed here as dense_2 · kernel + bias with the layer's own weights, because Keras
// fuses the activation into the Dense layer).
//
// nsfwjs itself feeds the model tf.browser.fromPixels(img).toFloat().div(255), resized with
// tf.image.resizeBilinear(alignCorners=true) to 224x224 and laid out NHWC: RGB in [0, 1], no
// mean or standard deviation. The inputs here are NCHW and are transposed to NHWC before the call.

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

function parseArgs(argv) {
  const args = { out: null };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    if (!["modules", "work", "out"].includes(key) || i + 1 >= argv.length) {
      throw new Error(`usage: node reference_tfjs.mjs --modules DIR --work DIR [--out FILE]; bad argument ${argv[i]}`);
    }
    args[key] = argv[i + 1];
  }
  if (!args.modules || !args.work) {
    throw new Error("--modules and --work are required");
  }
  return args;
}

// ---------------------------------------------------------------- .npy (float32, C order)

function readNpy(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.toString("latin1", 0, 6) !== "\x93NUMPY") throw new Error(`${file}: not a .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = bytes.toString("latin1", major === 1 ? 10 : 12, start);
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) {
    throw new Error(`${file}: expected little-endian float32 in C order, found ${header.trim()}`);
  }
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(",").filter((s) => s.trim()).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(start + 4 * i);
  return { shape, data };
}

function writeNpy(file, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = header + " ".repeat(pad % 64) + "\n";
  const out = Buffer.alloc(10 + header.length + 4 * data.length);
  out.write("\x93NUMPY", 0, "latin1");
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, "latin1");
  for (let i = 0; i < data.length; i++) out.writeFloatLE(data[i], 10 + header.length + 4 * i);
  fs.writeFileSync(file, out);
}

// ---------------------------------------------------------------- the model

function extractModel(require, nsfwjs, work) {
  const dir = path.join(nsfwjs, "dist", "models", "mobilenet_v2");
  const unwrap = (m) => (m && m.default !== undefined ? m.default : m);
  const modelJson = unwrap(require(path.join(dir, "model.min.js")));
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  for (const p of paths) {
    const base64 = unwrap(require(path.join(dir, `${p}.min.js`)));
    fs.writeFileSync(path.join(work, p), Buffer.from(base64, "base64"));
  }
  fs.writeFileSync(path.join(work, "model.json"), JSON.stringify(modelJson, null, 1));
  return { modelJson, paths };
}

async function loadModel(tf, work, modelJson, paths) {
  const shards = paths.map((p) => fs.readFileSync(path.join(work, p)));
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const s of shards) {
    weightData.set(s, offset);
    offset += s.length;
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology, weightSpecs, weightData: weightData.buffer,
  }));
}

const HOOKS = ["block_13_expand_relu", "out_relu", "flatten_1", "dense_2", "dense_3"];
const SAVED = ["block_13_expand_relu", "out_relu", "flatten_1", "dense_3", "logits"];

function runOnInputs(tf, probe, dense3, nchw) {
  const [n] = nchw.shape;
  return tf.tidy(() => {
    const x = tf.tensor4d(nchw.data, [n, 3, 224, 224]).transpose([0, 2, 3, 1]);
    const outputs = probe.predict(x);
    const byName = Object.fromEntries(HOOKS.map((h, i) => [h, outputs[i]]));
    const [kernel, bias] = dense3.getWeights();
    byName.logits = tf.add(tf.matMul(byName.dense_2, kernel), bias);
    const result = {};
    for (const name of SAVED) {
      let t = byName[name];
      if (t.rank === 4) t = t.transpose([0, 3, 1, 2]);   // NHWC -> NCHW
      result[name] = { shape: t.shape, data: t.dataSync().slice() };
    }
    return result;
  });
}

// Sum, mean, max and non-zero count of one image's tensor, its first 16 values, and 16 probes:
// the first 16 values (by flat NCHW index) strictly inside ReLU6's linear range with a margin,
// 0.5 < v < 5.5, so that another implementation selects the same ones despite rounding.
function summary(shape, data, image) {
  const per = data.length / shape[0];
  const values = data.subarray(image * per, (image + 1) * per);
  let sum = 0;
  let max = -Infinity;
  let nonzero = 0;
  const probes = { index: [], value: [] };
  values.forEach((v, i) => {
    sum += v;
    if (v > max) max = v;
    if (v !== 0) nonzero++;
    if (v > 0.5 && v < 5.5 && probes.index.length < 16) {
      probes.index.push(i);
      probes.value.push(v);
    }
  });
  return {
    shape: [1, ...shape.slice(1)], sum, mean: sum / per, max, nonzero,
    first16: Array.from(values.subarray(0, 16)), probes,
  };
}

async function main() {
  const args = parseArgs(process.argv);
  const require = createRequire(path.join(path.resolve(args.modules), "..", "package.json"));
  const tf = require("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  await tf.ready();
  fs.mkdirSync(args.work, { recursive: true });

  const nsfwjs = path.join(path.resolve(args.modules), "nsfwjs");
  const nsfwjsVersion = JSON.parse(fs.readFileSync(path.join(nsfwjs, "package.json"), "utf8")).version;
  const { modelJson, paths } = extractModel(require, nsfwjs, args.work);
  const model = await loadModel(tf, args.work, modelJson, paths);
  const probe = tf.model({ inputs: model.inputs, outputs: HOOKS.map((h) => model.getLayer(h).output) });
  const dense3 = model.getLayer("dense_3");
  console.log(`tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, nsfwjs ${nsfwjsVersion}, `
    + `${model.layers.length} layers, input ${JSON.stringify(model.inputs[0].shape)}`);

  const inputs = fs.readdirSync(args.work).filter((f) => /^inputs-.*\.npy$/.test(f)).sort();
  if (inputs.length === 0) throw new Error(`no inputs-*.npy in ${args.work}; run convert_mobilenet_v2.py inputs first`);
  let reference = null;
  for (const file of inputs) {
    const set = file.slice("inputs-".length, -".npy".length);
    const nchw = readNpy(path.join(args.work, file));
    const t0 = Date.now();
    const result = runOnInputs(tf, probe, dense3, nchw);
    for (const [name, { shape, data }] of Object.entries(result)) {
      writeNpy(path.join(args.work, `tfjs-${set}-${name}.npy`), shape, data);
    }
    console.log(`${set}: ${nchw.shape[0]} images in ${Date.now() - t0} ms; probabilities of image 0: `
      + Array.from(result.dense_3.data.subarray(0, 5)).map((v) => v.toFixed(4)).join(" "));
    if (set === "reference") reference = result;
  }

  if (args.out) {
    if (!reference) throw new Error("no inputs-reference.npy in the work folder");
    const names = JSON.parse(fs.readFileSync(path.join(args.work, "inputs-reference.json"), "utf8"));
    const classes = ["drawings", "hentai", "neutral", "porn", "sexy"];
    const images = names.map((file, i) => ({
      file,
      probabilities: Array.from(reference.dense_3.data.subarray(5 * i, 5 * i + 5)),
      logits: Array.from(reference.logits.data.subarray(5 * i, 5 * i + 5)),
      top_class: classes[reference.dense_3.data.subarray(5 * i, 5 * i + 5).indexOf(Math.max(...reference.dense_3.data.subarray(5 * i, 5 * i + 5)))],
      block_13_expand_relu: summary(reference.block_13_expand_relu.shape, reference.block_13_expand_relu.data, i),
      out_relu: summary(reference.out_relu.shape, reference.out_relu.data, i),
      flatten_1: summary(reference.flatten_1.shape, reference.flatten_1.data, i),
    }));
    const doc = {
      what: "outputs of the original nsfwjs MobileNetV2 (TensorFlow.js, cpu backend) on reference-inputs.npy",
      made_by: "samples/models/mobilenet-v2/reference_tfjs.mjs",
      tfjs: tf.version.tfjs,
      nsfwjs: nsfwjsVersion,
      inputs: "reference-inputs.npy: float32 (images, 3*224*224), each row one image in NCHW order, RGB in [0, 1]",
      classes,
      summaries: "per image and tensor: sum, mean, max and count of non-zero values; first16 = its first 16 values in flat NCHW order (for a map: channel 0, row-major); probes = the first 16 values v with 0.5 < v < 5.5 and their flat NCHW indices within the image's tensor",
      images,
    };
    fs.writeFileSync(args.out, JSON.stringify(doc, null, 2) + "\n");
    console.log(`wrote ${args.out}`);
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
