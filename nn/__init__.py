"""chaingrad's nn: multilayer perceptrons built from autograd Values, trained by gradient descent."""
