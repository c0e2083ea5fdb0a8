#!/usr/bin/env python3
"""Golden files for the MACO mathematics and the optimisers, computed independently with torch/numpy.

Run from this directory with a Python that has numpy and torch:  python3 make_golden.py
Writes float32 .npy arrays read by the Java tests of dev.facet.visualization.maco and .optim.
Inputs are rounded to float32 first; references are computed in float64 and stored as float32.
Nadam is a NumPy transcription of torch 2.x torch.optim.NAdam (checked against it where torch >= 2).
"""
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
M = np.array([[.5628, .5845, .5845], [.1948, 0, -.1948], [.0433, -.1082, .0649]])


def f32(array):
    """The values the Java tests read: inputs are rounded to float32 before the reference uses them."""
    return np.asarray(array).astype(np.float32).astype(np.float64)


def save(name, array):
    np.save(name + ".npy", np.ascontiguousarray(array, dtype=np.float32))


def optimisers():
    rng = np.random.default_rng(7)
    start = f32(rng.normal(size=6))
    grads = f32(rng.normal(size=(20, 6)) * np.array([1, 0.1, 10, 1e-3, 1, 5]))
    save("optim_start", start)
    save("optim_gradients", grads)
    for lr in (1.0, 0.05):
        suffix = "_lr" + str(lr).replace(".", "_")
        save("optim_adam" + suffix, torch_trajectory(torch.optim.Adam, start, grads, lr))
        nadam = nadam_trajectory(start, grads, lr)
        if int(torch.__version__.split(".")[0]) >= 2:
            assert np.allclose(nadam, torch_trajectory(torch.optim.NAdam, start, grads, lr), rtol=1e-10)
        save("optim_nadam" + suffix, nadam)


def torch_trajectory(cls, start, grads, lr):
    p = torch.nn.Parameter(torch.tensor(start))
    opt = cls([p], lr=lr, betas=(0.9, 0.999), eps=1e-8)
    trajectory = []
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
        trajectory.append(p.detach().numpy().copy())
    return np.array(trajectory)


def nadam_trajectory(start, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8, psi=0.004):
    """torch.optim.NAdam of torch >= 2.0 (Dozat 2016). torch 1.x multiplied mu_t into the product
    twice in the second term's 1 - prod(mu_1..mu_{t+1}); where torch >= 2 is installed, this is
    checked against it."""
    p, m, v, product, trajectory = start.copy(), np.zeros_like(start), np.zeros_like(start), 1.0, []
    for t, g in enumerate(grads, start=1):
        mu = beta1 * (1 - 0.5 * 0.96 ** (t * psi))
        mu_next = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
        product *= mu
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        denom = np.sqrt(v / (1 - beta2 ** t)) + eps
        p = p - lr * (1 - mu) / (1 - product) * g / denom - lr * mu_next / (1 - product * mu_next) * m / denom
        trajectory.append(p.copy())
    return np.array(trajectory)


def crops():
    rng = np.random.default_rng(11)
    c, h, w, oh, ow = 3, 9, 13, 7, 5
    image = f32(rng.normal(size=(c, h, w)))
    boxes = f32([[0.1, 0.2, 0.8, 0.9], [-0.3, -0.2, 0.6, 0.7], [0.5, 0.4, 1.4, 1.3],
                 [0.25, 0.3, 0.25, 0.3], [0.0, 0.0, 1.0, 1.0], [0.9, 0.1, 0.2, 0.6]])
    upstream = f32(rng.normal(size=(len(boxes), c, oh, ow)))
    save("crop_image", image)
    save("crop_boxes", boxes)
    save("crop_upstream", upstream)
    x = torch.tensor(image[None], requires_grad=True)
    outs = []
    for top, left, bottom, right in boxes:
        ys = top + np.arange(oh) * (bottom - top) / (oh - 1)
        xs = left + np.arange(ow) * (right - left) / (ow - 1)
        # grid_sample with align_corners=True: -1 is the first pixel's centre, +1 the last's.
        gy, gx = np.meshgrid(2 * ys - 1, 2 * xs - 1, indexing="ij")
        grid = torch.tensor(np.stack([gx, gy], axis=-1)[None])
        outs.append(torch.nn.functional.grid_sample(x, grid, mode="bilinear", padding_mode="zeros",
                                                    align_corners=True)[0])
    out = torch.stack(outs)
    (out * torch.tensor(upstream)).sum().backward()
    save("crop_out", out.detach().numpy())
    save("crop_gradient", x.grad[0].numpy())


def fourier():
    rng = np.random.default_rng(3)
    for name, (c, h, w) in (("gray28", (1, 28, 28)), ("rgb24x31", (3, 24, 31)), ("rgb32", (3, 32, 32))):
        wf = w // 2 + 1
        magnitude = f32(np.abs(rng.normal(size=(c, h, wf))) + 0.1)
        phase = f32(rng.normal(size=(c, h, wf)) * 2)
        upstream = f32(rng.normal(size=(c, h, w)))
        r = torch.tensor(magnitude)
        p = torch.tensor(phase, requires_grad=True)
        ps = (p - p.mean()) / (p.std(unbiased=False) + 1e-5)
        x = torch.fft.irfft2(r * torch.exp(1j * ps), s=(h, w))
        x = (x - x.mean()) / (x.std(unbiased=False) + 1e-5)
        if c == 3:
            x = torch.einsum("khw,kc->chw", x, torch.tensor(M))
        image = torch.sigmoid(x)
        g = torch.tensor(upstream)
        (image * g).sum().backward()
        save("fourier_%s_magnitude" % name, magnitude)
        save("fourier_%s_phase" % name, phase)
        save("fourier_%s_upstream" % name, upstream)
        save("fourier_%s_image" % name, image.detach().numpy())
        save("fourier_%s_gradient" % name, p.grad.numpy())


def spectrum():
    rng = np.random.default_rng(5)
    for name, (n, c, h, w) in (("gray", (4, 1, 12, 10)), ("rgb", (3, 3, 11, 9))):
        yy, xx = np.mgrid[0:h, 0:w]
        stripes = 0.5 + 0.4 * np.sin(2 * np.pi * (2 * yy / h + 3 * xx / w))
        images = rng.uniform(size=(n, c, h, w)) * 0.5 + 0.5 * stripes
        images = f32(images)
        components = images
        if c == 3:
            components = np.einsum("nchw,ck->nkhw", images, np.linalg.inv(M))
        magnitude = np.abs(np.fft.rfft2(components)).mean(axis=0)
        save("spectrum_%s_images" % name, images)
        save("spectrum_%s_magnitude" % name, magnitude)
    # A spectrum as NumPy users save one: float64, not through save().
    np.save("spectrum_float64.npy", np.arange(6, dtype=np.float64).reshape(1, 2, 3))


if __name__ == "__main__":
    optimisers()
    crops()
    fourier()
    spectrum()
