node_modules/
.hyper/
staticfiles/
.env
*.log
