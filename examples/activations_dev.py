# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.16.0
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
"""
# Module 2: Activations - Bending Straight Lines

A stack of linear layers is still one linear map. An **activation function**
applied after each layer is what lets a network bend its decision boundary.

## Learning Goals
- Implement ReLU, Sigmoid and Tanh as plain NumPy functions
- Check each one with a small test before moving on
- See how Softmax turns raw scores into probabilities

## Build → Use → Understand
1. Build each activation as a one-line NumPy expression
2. Use it on small arrays whose answers you can check by hand
3. Understand where each one saturates and why that matters for training
"""

# %% nbgrader={"grade": false, "grade_id": "activations-imports", "locked": false, "schema_version": 3, "solution": false, "task": false}
#| default_exp core.activations

#| export
import numpy as np

# %% [markdown]
"""
## Step 1: ReLU

**ReLU** keeps positive inputs and replaces negative ones with zero. Think of
it as a light switch for each neuron: on for a positive signal, off otherwise.

ReLU(x) = max(0, x)

It is cheap, it does not saturate for positive inputs, and it is the default
choice for hidden layers. Why it matters: without it, a stack of layers is
still one linear map, however deep.
"""

# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
#| export
def relu(x):
    """
    Rectified linear unit, element-wise.

    TODO: Return x where x is positive and 0 elsewhere.

    APPROACH:
    1. Turn the input into a float array
    2. Take the element-wise maximum with 0

    EXAMPLE:
    relu([-2.0, 0.0, 3.0]) → array([0., 0., 3.])

    HINTS:
    - np.maximum compares element by element (np.max would reduce the array)
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0)
    ### END SOLUTION


# %% [markdown]
"""
### 🧪 Unit Test: ReLU
"""

# %% nbgrader={"grade": true, "grade_id": "test-relu", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""ReLU keeps positive inputs, zeroes negative ones and keeps the input shape."""
out = relu([-2.0, -0.5, 0.0, 1.5, 3.0])
print("negative inputs become 0, positive ones pass through:", out)
assert out.tolist() == [0.0, 0.0, 0.0, 1.5, 3.0], f"ReLU wrong: {out}"
assert relu([[-1.0, 2.0]]).shape == (1, 2), "ReLU must keep the input shape"
print("✅ ReLU works")

# %% [markdown]
"""
## Step 2: Sigmoid

**Sigmoid** squashes any real number into the open interval (0, 1), which
makes it a natural choice for a yes/no probability:

σ(x) = 1 / (1 + e^(−x))

For large |x| the curve flattens out: that flat region is called
**saturation**, and gradients there are almost zero.

Sigmoid works like a dimmer rather than a switch: the output slides smoothly
from off to on. In practice it is the last step of every binary classifier.
"""

# %% nbgrader={"grade": false, "grade_id": "sigmoid", "locked": false, "schema_version": 3, "solution": true, "task": false}
#| export
def sigmoid(x):
    """
    Logistic sigmoid, element-wise.

    TODO: Return 1 / (1 + exp(-x)).

    APPROACH:
    1. Turn the input into a float array
    2. Compute exp(-x) with NumPy
    3. Return 1 / (1 + that)

    EXAMPLE:
    sigmoid([0.0]) → array([0.5])

    HINTS:
    - NumPy's exp works on whole arrays at once
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return 1.0 / (1.0 + np.exp(-x))
    ### END SOLUTION


# %% [markdown]
"""
### 🧪 Unit Test: Sigmoid
"""

# %% nbgrader={"grade": true, "grade_id": "test-sigmoid", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Sigmoid is 0.5 at zero, saturates at both ends and stays inside (0, 1)."""
out = sigmoid([-10.0, 0.0, 10.0])
print("sigmoid squashes -10, 0 and 10 to:", out)
assert abs(out[1] - 0.5) < 1e-12, "sigmoid(0) must be 0.5"
assert out[0] < 1e-4 and out[2] > 1 - 1e-4, "sigmoid must saturate at both ends"
assert (out > 0).all() and (out < 1).all(), "sigmoid stays inside (0, 1)"
print("✅ Sigmoid works")

# %% [markdown]
"""
## Step 3: Tanh

**Tanh** has the same S shape as sigmoid but ranges over (-1, 1). Its outputs
are centred on zero, which usually makes the next layer easier to train:

tanh(x) = 2·σ(2x) − 1

In practice tanh is the activation inside the gates of LSTM cells.
"""

# %% nbgrader={"grade": false, "grade_id": "tanh", "locked": false, "schema_version": 3, "solution": true, "task": false}
#| export
def tanh(x):
    """
    Hyperbolic tangent, element-wise.

    TODO: Return tanh(x).

    APPROACH:
    1. Turn the input into a float array
    2. Apply NumPy's tanh

    EXAMPLE:
    tanh([0.0, 100.0]) → array([0., 1.])

    HINTS:
    - You could also reuse sigmoid: 2 * sigmoid(2 * x) - 1
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.tanh(x)
    ### END SOLUTION


# %% [markdown]
"""
### 🧪 Unit Test: Tanh
"""

# %% nbgrader={"grade": true, "grade_id": "test-tanh", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""Tanh is zero-centred, saturates at -1 and 1, and equals 2·sigmoid(2x) - 1."""
out = tanh([-100.0, 0.0, 0.5, 100.0])
print("tanh maps -100, 0, 0.5 and 100 to:", out)
assert out[0] == -1.0 and out[3] == 1.0, "tanh saturates at -1 and 1"
assert out[1] == 0.0, "tanh(0) must be 0"
assert abs(out[2] - (2 * sigmoid(1.0) - 1)) < 1e-12, "tanh(x) = 2·sigmoid(2x) - 1"
print("✅ Tanh works")

# %% [markdown]
"""
## Step 4: Softmax

A classifier's last layer produces one raw score per class, the **logits**.
**Softmax** exponentiates them and divides by their sum, turning them into a
**probability distribution**:

softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)

Computed naively, `exp(1000)` overflows. **Numerical stability** comes from the
**log-sum-exp trick**: subtract the row maximum first; the result is unchanged.
Softmax is like an election: the shares add up to one. In practice every classifier ends with it.
"""

# %% nbgrader={"grade": false, "grade_id": "softmax", "locked": false, "schema_version": 3, "solution": true, "task": false}
#| export
def softmax(x, axis=-1, temperature=1.0, mask=None, grad=None):
    """
    Batched softmax with optional masking and backward pass: a probability distribution
    per row, with numerical stability from the log-sum-exp trick.

    TODO: Return the softmax of x along axis (and, given grad, its gradient).

    APPROACH:
    1. Validate the inputs and apply temperature and mask
    2. Subtract the row maximum, exponentiate, normalise
    3. If grad is given, return probs * (grad - sum(grad * probs))

    HINTS:
    - Use keepdims=True so the row statistics broadcast back
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        raise ValueError("softmax needs at least one axis")
    if axis < -x.ndim or axis >= x.ndim:
        raise ValueError(f"axis {axis} is out of range for a {x.ndim}-d input")
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    if temperature != 1.0:
        x = x / temperature
    if mask is not None:
        if np.shape(mask) != x.shape:
            raise ValueError("mask must have the same shape as x")
        x = np.where(mask, x, -np.inf)
    row_max = x.max(axis=axis, keepdims=True)
    row_max[~np.isfinite(row_max)] = 0.0  # a fully masked row stays all zeros
    exps = np.exp(x - row_max)
    totals = exps.sum(axis=axis, keepdims=True)
    totals[totals == 0] = 1.0
    probs = exps / totals
    if grad is None:
        return probs
    if np.shape(grad) != probs.shape:
        raise ValueError("grad must have the same shape as x")
    dx = probs * (grad - (grad * probs).sum(axis=axis, keepdims=True))
    if temperature != 1.0:
        dx = dx / temperature
    if mask is not None:
        dx = np.where(mask, dx, 0.0)
    return probs, dx
    ### END SOLUTION


# %% [markdown]
"""
### 🧪 Unit Test: Softmax
"""

# %% nbgrader={"grade": true, "grade_id": "test-softmax", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
"""Softmax rows sum to one, survive huge logits, honour the mask and the gradient."""
probs = softmax([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0]])
print("each row of probabilities sums to one, even for logits of 1000:", probs)
assert np.allclose(probs.sum(axis=-1), 1.0), "each row must sum to 1"
assert np.allclose(probs[1], 1 / 3), "equal logits give equal probabilities, even huge ones"
assert probs[0].argmax() == 2, "the largest logit gets the largest probability"
masked = softmax([[1.0, 2.0, 3.0]], mask=np.array([[True, True, False]]))
assert masked[0, 2] == 0.0 and np.isclose(masked[0].sum(), 1.0), "masked entries get 0"
_, dx = softmax([[1.0, 2.0, 3.0]], grad=np.array([[1.0, 1.0, 1.0]]))
assert np.allclose(dx, 0.0), "a constant upstream gradient has no effect on softmax"
print("✅ Softmax works")

# %% [markdown]
"""
## Step 5: Leaky ReLU, one rung at a time

**Leaky ReLU** is like a door left ajar: positive inputs pass, negative ones
leak through scaled by a small slope, so no neuron is ever completely off.

leaky_relu(x) = x if x > 0, else slope · x

Why it matters: in real systems plain ReLU units can "die" (output 0 forever);
the leak keeps a gradient flowing. You build it in three rungs: one number,
then an array, then the checked version.
"""

# %% nbgrader={"grade": false, "grade_id": "leaky-relu", "locked": false, "schema_version": 3, "solution": true, "task": false}
#| export
def leaky_relu_one(x, slope):
    """
    TODO: Leaky ReLU of one number.

    EXAMPLE:
    leaky_relu_one(-2.0, 0.1) → -0.2
    """
    ### BEGIN SOLUTION
    if x > 0:
        return x
    return slope * x
    ### END SOLUTION


def leaky_relu_array(x, slope):
    """
    TODO: Leaky ReLU of a whole array, element-wise.

    APPROACH:
    1. Turn the input into a float array
    2. Pick x where it is positive and slope * x elsewhere (np.where)
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return x
    scaled = slope * x
    return np.where(x > 0, x, scaled)
    ### END SOLUTION


def leaky_relu(x, slope=0.01):
    """
    TODO: Leaky ReLU with its inputs checked.

    APPROACH:
    1. Reject a slope outside [0, 1) and a missing input
    2. Reuse leaky_relu_array

    EXAMPLE:
    leaky_relu([-1.0, 1.0], 0.5) → array([-0.5, 1.])

    HINTS:
    - A 0-d result (a plain number in) can be reshaped to one element
    """
    ### BEGIN SOLUTION
    if not 0 <= slope < 1:
        raise ValueError("slope must be in [0, 1)")
    if x is None:
        raise TypeError("leaky_relu needs an input")
    out = leaky_relu_array(x, slope)
    if out.ndim == 0:
        out = out.reshape(1)
    return out
    ### END SOLUTION


# %% [markdown]
"""
### 🧪 Unit Test: Leaky ReLU
"""

# %% nbgrader={"grade": true, "grade_id": "test-leaky-relu-first-rung", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Confidence builder: a positive number passes through the first rung unchanged."""
assert leaky_relu_one(3.0, 0.1) == 3.0, "positive inputs pass through unchanged"
print("✅ Great start: your first rung works!")

# %% nbgrader={"grade": true, "grade_id": "test-leaky-relu", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
"""The full version leaks negatives by the slope, works on arrays and checks its slope."""
out = leaky_relu([-2.0, 4.0], 0.5)
print("negative entries are scaled by the slope, positive ones kept:", out)
assert out.tolist() == [-1.0, 4.0], f"expected [-1.0, 4.0], got {out}"
assert leaky_relu_array([], 0.1).size == 0, "an empty array stays empty"
try:
    leaky_relu([1.0], slope=2.0)
except ValueError:
    print("a slope of 2 is rejected: it would make negative inputs grow")
else:
    raise AssertionError("leaky_relu must reject a slope outside [0, 1)")
print("✅ Leaky ReLU works")

# %% [markdown]
"""
## 🎯 Module Summary

You built five activations. ReLU, Sigmoid and Tanh each took one line of NumPy
and one test. Softmax took far more: input checks, a stability trick, masking
and a backward pass all arrived in a single step. Leaky ReLU shows the other
way: three small rungs, each with its own TODO and a test.

### Key Takeaways
- ReLU for hidden layers: cheap, and its gradient does not vanish for positive inputs
- Sigmoid for a single yes/no output; Tanh when you want zero-centred outputs
- Softmax for the last layer of a classifier, always with the max subtracted first

### Next Steps
1. Export your code: `tito module export 02_activations`
2. Use these activations between the layers of the next module
"""

# %%
if __name__ == "__main__":
    print("All activation tests passed!")
