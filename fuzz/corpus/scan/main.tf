resource "huaweicloud_swr_organization" "org" {
  name = "my-org"
}

resource "huaweicloud_swr_repository" "repo" {
  organization = huaweicloud_swr_organization.org.name
  name         = "group/app"
  description  = <<-EOT
    The app's images.
    EOT
}

data "huaweicloud_swr_image_tags" "tags" {
  organization = "my-org"
  repository   = "group$app"
}

resource "docker_image" "app" {
  name = "swr.cn-north-4.myhuaweicloud.com/my-org/app:${var.tag}"
}

resource "kubernetes_deployment" "app" {
  spec {
    template {
      spec {
        container {
          name  = "app"
          image = "nginx:1.27" # comment
        }
        dynamic "init_container" {
          for_each = var.init
          content {
            image = <<EOT
busybox:1.36
EOT
          }
        }
      }
    }
  }
}
