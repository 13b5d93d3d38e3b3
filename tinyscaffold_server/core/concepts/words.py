"""Word lists behind SPEC 4's concept keys and generic-label policy (see :mod:`.concepts`).

Kept apart from the logic so the lists can grow without crowding it; every list is in
singular key form (lower-case, as :func:`.concepts.normalise_key` produces).
"""

from __future__ import annotations


def words(*text: str) -> frozenset[str]:
    return frozenset(" ".join(text).split())


# Words that end in "s" but are singular; dropping the "s" would split them from their plural.
SINGULAR_S = words("bias alias atlas canvas pandas series species news lens always perhaps thus")
# Plurals the suffix rules get wrong, mapped to the singular the rules keep stable.
IRREGULAR = {
    plural: singular
    for plural, _, singular in (
        pair.partition(":")
        for pair in words(
            "biases:bias aliases:alias axes:axis analyses:analysis hypotheses:hypothesis "
            "matrices:matrix indices:index vertices:vertex caches:cache statuses:status"
        )
    )
}


# Groups of generic label words, in singular key form.  Each group is a reason.
GENERIC = words(
    # SPEC's own list
    "definition example formula why what how when note key input output range use advantage "
    # document structure / rhetorical role: names a slot in the text, not a topic
    "overview summary introduction intro background motivation context goal objective outcome "
    "purpose idea concept insight intuition takeaway recap review conclusion result detail "
    "explanation description observation remember reminder tip hint warning caution important "
    "caveat limitation benefit disadvantage drawback pitfall pro con consideration principle "
    "foundation step part section module chapter lesson exercise task problem question answer "
    "solution approach todo challenge bonus optional requirement prerequisite reference source "
    "instruction "
    "side argument arg return raise yield equation analogy interpretation "
    # pedagogy verbs: what the student does, not what they learn
    "build building understand understanding learn learning implement implementation practice "
    "try explore apply test testing check verify run export start begin finish done ready "
    "congratulation welcome usage using setup "
    # setting in which something applies ("Production: …", "In practice: …")
    "production research industry theory reality "
    # design-quality adjectives used as bullet labels; accuracy/precision stay concepts
    "simplicity consistency performance extensibility efficiency flexibility readability "
    "maintainability reliability scalability usability clarity robustness correctness",
)
# Words that carry no topic on their own; a span made only of these and generic words is a label.
FILLER = words(
    "a an the of for to in on at by with and or vs versus this that these those it its is are "
    "be matter more other next first second third final last new real world common quick "
    "simple basic main core general big full further additional some all each every here "
    "there now then so do not no yes one two three from into over under between through about "
    "as than via per without within across which who whom whose where when while if",
)
# Adjectives that rate, count or compare rather than name a kind ("the whole loss function",
# "a simple neural network", "different optimizers"): not part of a term that follows them.
DESCRIPTIVE = words(
    "whole entire simple different same new old good bad best better great small large big "
    "little various certain particular main basic common typical usual standard famous "
    "popular important useful nice easy hard difficult quick fast slow short long high low "
    "real actual specific general relevant appropriate proper correct right wrong true "
    "following previous next above below final initial original current single multiple "
    "several whole full complete entire overall additional extra custom "
    # stand-ins made for a demonstration or a test: "mock activation", "dummy data"
    "mock dummy fake toy",
)
QUESTION = words("why what how when where which who whose")
PRONOUN = words("you your yours yourself we our ours us let my")
STRUCTURE = words(
    "step module part section chapter lesson exercise task question problem level stage phase "
    "week day lab laboratory unit milestone checkpoint tutorial assignment homework practical "
    "notebook lecture session",
)
# Only when the whole span is ALL-CAPS (SPEC "lone ALL-CAPS marker words").
MARKER = words(
    "todo fixme xxx hint approach example note warning important tip step solution task "
    "exercise implementation begin end goal check checkpoint debugging caution danger "
    "attention info question answer challenge bonus optional required critical connection "
    "by usage",
)
# Words that make a phrase a clause or a sentence rather than a name ("Data is the fuel").
CLAUSE = words(
    "is are was were be been being am has have had do does did can could will would shall "
    "should may might must let i you we they he she it this these those our your their my "
    "his her its there here not",
)
# Headings of sections that mention terms without teaching them: motivation and uses ("Why
# tensors matter", "Real-world examples", "Connection to production"), previews and recaps
# ("Learning goals", "Module summary", "Next steps", "Linear algebra refresher").
NON_INTRODUCING = words(
    "why matter summary accomplished accomplishment learned learnt next goal "
    "objective outcome prerequisite content roadmap takeaway preview congratulation "
    "connection application example production practice industry refresher resource reading "
    "further realworld test testing checkpoint conclusion "
    # questions put to the student ("Question 2: …", "Computational Assessment 1: …"): what
    # they ask about was taught above, and their answers restate it
    "question answer assessment quiz reflection",
)
# A heading whose head noun is one of these names a kind of section, not a concept
# ("Module System", "Systems Analysis", "Visual Understanding", "Unit Test").
SECTION_HEADS = words(
    "system analysis base overview guide pattern design behavior behaviour visualization "
    "visualisation understanding test testing demo demonstration showcase walkthrough "
    "breakdown comparison summary exploration experiment integration "
    # setting up the environment: what the notebook needs, not what it teaches
    "dependency installation setup requirement import",
)
# Frameworks, libraries and companies that ML courses name in passing ("used in PyTorch").
# No dictionary marks a brand; the list is short and closed, and an author who teaches one
# (a NumPy lesson) lists it in the glossary, which always wins.
PRODUCT = words(
    "pytorch torch tensorflow jax keras numpy scipy pandas sklearn scikit matplotlib "
    "huggingface transformers onnx cuda triton mxnet caffe theano tinytorch google meta "
    "facebook openai nvidia microsoft apple amazon aws deepmind anthropic intel amd arm "
    "python jupyter colab github",
)
