"""What a lesson shows or uses without teaching it (issue 19, precision: the concepts the tool
reported wrongly, by the general signal that tells them from a taught concept)."""

from __future__ import annotations

from concept_cells import code, new


def test_a_class_of_a_package_that_displays_is_no_concept() -> None:
    imports = code(
        "import IPython\n"
        "import torch.nn as nn\n"
        "from matplotlib.colors import LinearSegmentedColormap\n"
        "import seaborn as sns\n"
    )
    shown = code(
        "shades = LinearSegmentedColormap.from_list('warm', ['red', 'gold'])\n"
        "palette = LinearSegmentedColormap('cool', {})\n"
        "grid = sns.axisgrid.FacetGrid(frame)\n"
        "IPython.display.YouTubeVideo('abc')\n"
        "layer = nn.Conv1d(1, 4, 3)\n"
    )
    # the layer the code builds is the lesson's; the colormap, grid and video only show it
    assert new(imports, shown)[1] == ["torch.nn.Conv1d"]
