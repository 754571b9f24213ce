"""Fine-tuning on a folder of images: data sets, head-only training, full fine-tuning."""
