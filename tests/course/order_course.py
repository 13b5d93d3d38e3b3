"""A six-module course in the style of a build-your-own-framework course (our own text): each
module previews later ones, recalls earlier ones, defines helpers of its own and builds on
the classes before it.  Used to check that concept-order is rare in the course's own order
and still speaks when a module comes before the one it builds on."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
SOLUTION = {"nbgrader": {"solution": True, "grade": False}}
GRADED = {"nbgrader": {"solution": False, "grade": True}}


def md(source: str) -> Json:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def code(source: str, metadata: Json | None = None) -> Json:
    return {"cell_type": "code", "metadata": metadata or {}, "source": source, "outputs": []}


def _module(number: int, title: str, builds: str, enables: str, cells: list[Json]) -> Json:
    intro = md(
        f"# Module {number:02d}: {title}\n\n"
        f"**You've built**: {builds}\n**You'll enable**: {enables}\n\n"
        f"## Why this matters\n\nEverything later (training, attention, optimizers, "
        f"gradients) rests on this module."
    )
    outro = md(
        "## Summary\n\nYou built the pieces of this module. In the next module we will use "
        "them to go further; by module 6 they train a whole network with an optimizer."
    )
    return {"metadata": {}, "cells": [intro, *cells, outro]}


TENSOR = _module(
    1,
    "Tensor",
    "nothing yet",
    "every later module (Module 02 onwards)",
    [
        md(
            "## What is a tensor?\n\nA **tensor** is an N-dimensional array of numbers with a "
            "shape. Every tensor knows its shape and its data type."
        ),
        code(
            "import numpy as np\n\nclass Tensor:\n    def __init__(self, data):\n"
            "        self.data = np.array(data)\n\n    def add(self, other):\n"
            "        return Tensor(self.data + other.data)",
            SOLUTION,
        ),
        code("assert Tensor([1]).add(Tensor([2])).data[0] == 3", GRADED),
        md(
            "Adding two tensors adds their elements. Later, gradients will flow through these "
            "operations (Module 05)."
        ),
    ],
)
ACTIVATIONS = _module(
    2,
    "Activations",
    "Tensor (Module 01)",
    "layers in Module 03",
    [
        md(
            "## ReLU\n\nThe **ReLU** activation keeps the positive part of a tensor: "
            "ReLU(x) = max(0, x). An activation function is applied to every element."
        ),
        code(
            "from tinytorch.core.tensor import Tensor\n\nclass ReLU:\n    def forward(self, x):\n"
            "        return Tensor(np.maximum(0, x.data))",
            SOLUTION,
        ),
        code("assert ReLU().forward(Tensor([-1, 2])).data[0] == 0", GRADED),
        code(
            "# a helper for this notebook's plots\ndef plot(g, xs):\n"
            "    return [g(x) for x in xs]\nnetwork = [ReLU(), ReLU()]"
        ),
        md("Each tensor passes through the activation element by element."),
    ],
)
LAYERS = _module(
    3,
    "Layers",
    "Tensor and ReLU (Modules 01-02)",
    "losses and training",
    [
        md(
            "## Linear layers\n\nA **linear layer** computes y = xW + b: a matrix product of the "
            "input tensor with the weights, plus a bias."
        ),
        code(
            "from tinytorch.core.tensor import Tensor\n\nclass Linear:\n"
            "    def __init__(self, n_in, n_out):\n"
            "        self.weight = Tensor(np.zeros((n_in, n_out)))\n"
            "    def forward(self, x):\n        return Tensor(x.data @ self.weight.data)\n"
            "    def parameters(self):\n        return [self.weight]  # for the optimizer",
            SOLUTION,
        ),
        code("assert Linear(2, 3).forward(Tensor([[1, 2]])).data.shape == (1, 3)", GRADED),
        md(
            "The weights will get gradients once autograd exists (Module 05). Parameters are the "
            "tensors a layer learns."
        ),
        code(
            "def train_model(layer, xs):\n    return [layer.forward(x) for x in xs]\n"
            "loss_function = None  # chosen in the next module"
        ),
    ],
)
LOSSES = _module(
    4,
    "Losses",
    "Tensor, ReLU and Linear",
    "autograd and training",
    [
        md(
            "## Mean squared error\n\nThe **mean squared error** (MSE) loss is the mean of the "
            "squared differences between a prediction tensor and a target tensor."
        ),
        code(
            "from tinytorch.core.tensor import Tensor\n\ndef mse(pred, target):\n"
            "    return Tensor(((pred.data - target.data) ** 2).mean())",
            SOLUTION,
        ),
        code("assert mse(Tensor([1.0]), Tensor([1.0])).data == 0", GRADED),
        md(
            "A small loss means a good prediction. We will minimise it with gradient descent "
            "later in the course."
        ),
        code("def train_model(xs):\n    return sum(xs)\n\ng = 9.81"),
    ],
)
AUTOGRAD = _module(
    5,
    "Autograd",
    "Tensor, layers and losses",
    "optimizers in Module 06",
    [
        md(
            "## Gradients\n\nThe **gradient** of a loss is the vector of its partial derivatives: "
            "it points where the loss grows fastest. **Autograd** records how each tensor was "
            "made, so that gradients flow back through every operation."
        ),
        code(
            "from tinytorch.core.tensor import Tensor\n\nclass Variable(Tensor):\n"
            "    def backward(self):\n        self.grad = np.ones_like(self.data)",
            SOLUTION,
        ),
        code("v = Variable([1.0])\nv.backward()\nassert v.grad[0] == 1.0", GRADED),
        md("Every tensor a loss depends on gets a gradient of the same shape as the tensor."),
        md(
            "The chain rule multiplies the local gradient of each operation on the way back to "
            "the first tensor."
        ),
    ],
)
OPTIMIZERS = _module(
    6,
    "Optimizers",
    "autograd (Module 05)",
    "training loops",
    [
        md(
            "## Stochastic gradient descent\n\nAn **optimizer** updates each parameter against its "
            "gradient. **SGD** (stochastic gradient descent) subtracts the learning rate times the "
            "gradient from every parameter tensor."
        ),
        code(
            "from tinytorch.core.autograd import Variable\n\nclass SGD:\n"
            "    def __init__(self, params, lr=0.1):\n        self.params, self.lr = params, lr\n"
            "    def step(self):\n        for p in self.params:\n"
            "            p.data = p.data - self.lr * p.grad",
            SOLUTION,
        ),
        code("p = Variable([1.0])\np.backward()\nSGD([p]).step()\nassert p.data[0] == 0.9", GRADED),
        md("Each step follows the gradient of the loss a little; the learning rate sets how far."),
        md("Momentum averages the gradient over steps to smooth them."),
    ],
)
COURSE = {
    "01_tensor": TENSOR,
    "02_activations": ACTIVATIONS,
    "03_layers": LAYERS,
    "04_losses": LOSSES,
    "05_autograd": AUTOGRAD,
    "06_optimizers": OPTIMIZERS,
}
